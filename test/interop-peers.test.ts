// Interop with the peers users already trust: dcm2niix (DICOM → NIfTI) and nibabel (NIfTI reader).
// Each test is skipped when its peer is not installed (.ci/run installs both from Debian).
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { geometryToAffine, isSameGrid, type Volume } from '@medlens/core';
import { assembleVolume, groupSeries, scanDicomPaths } from '@medlens/dicom';
import { readNiftiFile, writeNiftiFile } from '@medlens/formats';
import { SAMPLE_DIR, resolveDataset } from '@medlens/testing';

const hasDcm2niix = spawnSync('dcm2niix', ['-v']).error === undefined;
const PY = '/usr/bin/python3';
const hasNibabel = existsSync(PY) && spawnSync(PY, ['-c', 'import nibabel']).status === 0;

async function assemble(dir: string): Promise<Volume> {
  const scan = await scanDicomPaths([dir]);
  const stack = groupSeries(scan.instances)[0]!.series[0]!.stacks[0]!;
  return (await assembleVolume(stack)).value;
}

const cases: [string, string | undefined][] = [
  ['bundled sample', join(SAMPLE_DIR, 'ct-sample')],
  ['LIDC-IDRI-0001', resolveDataset('lidc', 'LIDC-IDRI-0001')],
  ['IBSI CT phantom', resolveDataset('ibsi', 'ibsi1_ct_phantom_PAT1', 'dicom', 'image')],
];

describe.skipIf(!hasDcm2niix)('dcm2niix agrees with our series assembly', () => {
  it.each(cases.filter(([, d]) => d !== undefined))('%s: same grid (1e-3 mm) and voxels', async (_name, dir) => {
    const out = mkdtempSync(join(tmpdir(), 'medlens-d2n-'));
    execFileSync('dcm2niix', ['-z', 'n', '-b', 'n', '-o', out, '-f', 'peer', dir!], { stdio: 'ignore' });
    const peerFile = readdirSync(out).find((f) => f.endsWith('.nii'));
    const peer = (await readNiftiFile(join(out, peerFile!))).value;
    const ours = await assemble(dir!);
    // dcm2niix flips the row order to make the NIfTI j axis point anterior; compare in world space.
    const sameGrid = isSameGrid(peer.geometry, ours.geometry, 1e-3);
    const [ni, nj, nk] = ours.geometry.size;
    let differ = 0;
    for (let k = 0; k < nk; k++) {
      for (let j = 0; j < nj; j++) {
        const jp = sameGrid ? j : nj - 1 - j;
        for (let i = 0; i < ni; i++) if (peer.data[i + ni * (jp + nj * k)] !== ours.data[i + ni * (j + nj * k)]) differ++;
      }
    }
    if (!sameGrid) {
      // Flipped j: the peer's grid must equal ours with the j axis reversed.
      const a = geometryToAffine(ours.geometry);
      const b = geometryToAffine(peer.geometry);
      for (let r = 0; r < 3; r++) {
        expect(b[r]![1]!).toBeCloseTo(-a[r]![1]!, 4);
        expect(b[r]![3]!).toBeCloseTo(a[r]![3]! + a[r]![1]! * (nj - 1), 3);
      }
    }
    console.log(`dcm2niix vs medlens (${_name}): ${ni}×${nj}×${nk}, grid ${sameGrid ? 'identical' : 'j-flipped'}, ${differ} voxels differ`);
    expect(differ).toBe(0);
  });
});

describe.skipIf(!hasNibabel)('nibabel reads what we write', () => {
  it('affine (RAS) and voxel sum agree', async () => {
    const ours = await assemble(join(SAMPLE_DIR, 'ct-sample'));
    const file = join(mkdtempSync(join(tmpdir(), 'medlens-nib-')), 'sample.nii.gz');
    await writeNiftiFile(file, ours);
    const script = 'import sys,json,nibabel as nb,numpy as np\nimg=nb.load(sys.argv[1])\nd=np.asarray(img.dataobj,dtype=np.float64)\nprint(json.dumps({"affine":img.affine.tolist(),"shape":list(d.shape),"sum":float(d.sum())}))';
    const r = JSON.parse(execFileSync(PY, ['-c', script, file], { encoding: 'utf8' }));
    expect(r.shape).toEqual([...ours.geometry.size]);
    const lps = geometryToAffine(ours.geometry);
    for (let row = 0; row < 3; row++) {
      const sign = row < 2 ? -1 : 1; // RAS = diag(-1,-1,1) · LPS
      for (let c = 0; c < 4; c++) expect(r.affine[row][c]).toBeCloseTo(sign * lps[row]![c]!, 4);
    }
    let sum = 0;
    for (const v of ours.data) sum += v;
    expect(r.sum).toBeCloseTo(sum, 0);
  });
});
