import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MedlensError } from '@medlens/core';
import { scanDicomPaths } from './scan-dicom-paths.js';
import { testSlice, writeTestDicom } from './write-test-dicom.js';

let root = '';

beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'medlens-scan-'));
  await mkdir(join(root, 'a', 'b', 'c'), { recursive: true });
  await writeFile(join(root, 'IM0001'), testSlice({ sopInstanceUid: '2.25.1', position: [0, 0, 0] })); // no extension
  await writeFile(join(root, 'a', 'slice.dcm'), testSlice({ sopInstanceUid: '2.25.2', position: [0, 0, 1] }));
  await writeFile(join(root, 'a', 'b', 'c', 'deep'), testSlice({ sopInstanceUid: '2.25.3', position: [0, 0, 2] }));
  await writeFile(join(root, 'a', 'notes.txt'), 'not a DICOM file, just text that is long enough to have 132 bytes '.repeat(4));
  await writeFile(join(root, 'a', 'b', 'empty.bin'), new Uint8Array(0));
  // DICOMDIR: Media Storage Directory Storage with one directory record.
  await writeFile(
    join(root, 'DICOMDIR'),
    writeTestDicom(
      [
        ['00041130', 'CS', 'TEST'],
        ['00041220', 'SQ', [[['00041430', 'CS', 'IMAGE'], ['00041500', 'CS', ['IM0001']]]]],
      ],
      { sopClassUid: '1.2.840.10008.1.3.10', sopInstanceUid: '2.25.99' },
    ),
  );
});

afterAll(async () => {
  await rm(root, { recursive: true, force: true });
});

describe('scanDicomPaths', () => {
  it('walks nested folders, sniffs files without extensions, lists non-DICOM files as errors and skips DICOMDIR', async () => {
    const events: number[] = [];
    const result = await scanDicomPaths([root], { onProgress: (e) => events.push(e.done), concurrency: 2 });
    expect(result.instances.map((i) => i.sopInstanceUid).sort()).toEqual(['2.25.1', '2.25.2', '2.25.3']);
    expect(result.instances.every((i) => i.path.startsWith(root))).toBe(true);
    expect(result.directoryFiles).toEqual([join(root, 'DICOMDIR')]);
    expect(result.errors.map((e) => [e.path.slice(root.length), e.code])).toEqual([
      ['/a/b/empty.bin', expect.stringMatching(/^DICOM_(NOT_DICOM|TRUNCATED)$/)],
      ['/a/notes.txt', 'DICOM_NOT_DICOM'],
    ]);
    expect(events.length).toBe(6);
    expect(events[events.length - 1]).toBe(6);
  });

  it('extracts the attributes grouping and assembly need', async () => {
    const { instances } = await scanDicomPaths([join(root, 'a', 'slice.dcm')]);
    const i = instances[0]!;
    expect(i).toMatchObject({
      sopInstanceUid: '2.25.2',
      sopClassUid: '1.2.840.10008.5.1.4.1.1.2',
      seriesInstanceUid: '2.25.200',
      studyInstanceUid: '2.25.100',
      modality: 'CT',
      transferSyntaxUid: '1.2.840.10008.1.2.1',
      imagePositionPatient: [0, 0, 1],
      imageOrientationPatient: [1, 0, 0, 0, 1, 0],
      pixelSpacing: [0.5, 0.7],
      rescaleSlope: 1,
      rescaleIntercept: -1024,
      rows: 4,
      columns: 5,
      bitsAllocated: 16,
      pixelRepresentation: 1,
      numberOfFrames: 1,
      hasPixelData: true,
      frameLayout: 'single',
    });
    expect(i.frames).toHaveLength(1);
  });

  it('lists a missing path as INPUT_NOT_FOUND and goes on', async () => {
    const result = await scanDicomPaths([join(root, 'nope'), join(root, 'IM0001')]);
    expect(result.errors.map((e) => e.code)).toEqual(['INPUT_NOT_FOUND']);
    expect(result.instances).toHaveLength(1);
  });

  it('rejects a non-positive concurrency', async () => {
    await expect(scanDicomPaths([root], { concurrency: 0 })).rejects.toThrow(MedlensError);
  });

  it('scans many files with bounded concurrency', async () => {
    const dir = join(root, 'many');
    await mkdir(dir);
    await Promise.all(Array.from({ length: 300 }, (_, n) => writeFile(join(dir, `f${n}`), testSlice({ sopInstanceUid: `2.25.5${n}`, position: [0, 0, n] }))));
    const result = await scanDicomPaths([dir], { concurrency: 8 });
    expect(result.instances).toHaveLength(300);
    expect(result.errors).toEqual([]);
  });
});
