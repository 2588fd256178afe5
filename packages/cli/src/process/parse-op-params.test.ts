import { describe, expect, it } from 'vitest';
import { UsageError } from '../exit-codes.js';
import { ParamReader, type ProcessOp } from './op-registry.js';
import { parseOpParams, toParamValue } from './parse-op-params.js';

describe('parseOpParams', () => {
  it.each([
    [['--radius', '1'], { radius: 1 }],
    [['--sigma-mm', '1,1,2.5'], { 'sigma-mm': [1, 1, 2.5] }],
    [['--signed'], { signed: true }],
    [['--signed', 'false', '--mode', 'nearest'], { signed: false, mode: 'nearest' }],
    [['--lower=-400', '--upper', '-100'], { lower: -400, upper: -100 }],
    [['--value', '-1e3'], { value: -1000 }],
  ])('%j → %j', (args, expected) => {
    expect(parseOpParams(args)).toEqual(expected);
  });

  it('rejects a value without a name', () => {
    expect(() => parseOpParams(['1'])).toThrow(UsageError);
  });

  it('toParamValue keeps non-numeric strings', () => {
    expect(toParamValue('reflect')).toBe('reflect');
    expect(toParamValue('1,a')).toBe('1,a');
  });
});

describe('ParamReader', () => {
  const op: ProcessOp = { name: 'demo', summary: '', params: { radius: '', 'sigma-mm': '', mode: '', signed: '' }, run: (v) => v };
  it('reads typed values and names the parameter in errors', () => {
    const r = new ParamReader(op, { radius: 2, 'sigma-mm': [1, 2, 3], mode: 'nearest', signed: true });
    expect(r.number('radius')).toBe(2);
    expect(r.vector3('sigma-mm')).toEqual([1, 2, 3]);
    expect(r.string('mode', ['reflect', 'nearest'] as const)).toBe('nearest');
    expect(r.flag('signed')).toBe(true);
    expect(() => r.string('mode', ['reflect'] as const)).toThrow(/--mode must be one of reflect/);
    expect(() => new ParamReader(op, {}).number('radius')).toThrow(/--radius must be a number \(required\)/);
  });
  it('rejects unknown parameters, listing the known ones', () => {
    expect(() => new ParamReader(op, { radus: 1 })).toThrow(/unknown parameter --radus \(parameters: --radius/);
  });
});
