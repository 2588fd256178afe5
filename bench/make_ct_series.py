#!/usr/bin/python3
"""Writes a synthetic chest CT series (Explicit VR Little Endian, int16, HU via RescaleIntercept).

Used for the benchmarks (200 slices of 512x512, as in ../shared/bench-reference.md) and, small, for
the bundled sample in packages/testing/sample. Deterministic per --seed. Needs Debian's
python3-pydicom and python3-numpy (/usr/bin/python3).

  /usr/bin/python3 bench/make_ct_series.py --out bench/data/ct200 --rows 512 --slices 200
"""
import argparse
import os

import numpy as np
import pydicom
from pydicom.dataset import Dataset, FileDataset, FileMetaDataset
from pydicom.uid import ExplicitVRLittleEndian, CTImageStorage, generate_uid

ROOT = "1.2.826.0.1.3680043.10.1375."  # Medlens test UID root (never used for real patients)


def uid(seed, *parts):
    return generate_uid(prefix=ROOT, entropy_srcs=[str(seed), *map(str, parts)])


def phantom_slice(rows, spacing, z_mm, rng, noise):
    """HU image of one axial slice: body ellipse, two lungs, spine, aorta and a few nodules."""
    c = (np.arange(rows) - rows / 2 + 0.5) * spacing
    x, y = np.meshgrid(c, c)  # x → patient left, y → posterior
    img = np.full((rows, rows), -1000.0)
    body = (x / 160) ** 2 + (y / 115) ** 2 <= 1
    img[body] = 40.0
    fat = body & ((x / 150) ** 2 + (y / 105) ** 2 > 1)
    img[fat] = -90.0
    for side in (-1, 1):
        lung = ((x - side * 75) / 60) ** 2 + ((y + 5) / 80) ** 2 <= 1
        img[lung] = -850.0
        # vessels: thin tubes that drift with z
        vx = side * (60 + 15 * np.sin(z_mm / 40))
        img[lung & ((x - vx) ** 2 + (y + 10) ** 2 <= 9)] = 30.0
    img[(x ** 2 + (y - 85) ** 2) <= 18 ** 2] = 650.0  # vertebral body
    img[(x ** 2 + (y - 85) ** 2) <= 12 ** 2] = 250.0  # cancellous bone
    img[((x + 20) ** 2 + (y - 40) ** 2) <= 14 ** 2] = 45.0  # aorta
    for nx, ny, nz, r in ((-80, -20, 0.0, 6.0), (85, 30, 20.0, 3.5), (-60, 50, -30.0, 9.0)):
        rr = r * r - (z_mm - nz) ** 2
        if rr > 0:
            img[((x - nx) ** 2 + (y - ny) ** 2) <= rr] = 20.0
    img += rng.normal(0, noise, img.shape)
    return np.clip(np.rint(img), -1024, 3071).astype(np.int16)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--out", required=True)
    ap.add_argument("--rows", type=int, default=512)
    ap.add_argument("--slices", type=int, default=200)
    ap.add_argument("--pixel-mm", type=float, default=None, help="default: 360 mm field of view")
    ap.add_argument("--slice-mm", type=float, default=1.25)
    ap.add_argument("--noise", type=float, default=12.0)
    ap.add_argument("--seed", type=int, default=1)
    a = ap.parse_args()
    spacing = a.pixel_mm or 360.0 / a.rows
    rng = np.random.default_rng(a.seed)
    os.makedirs(a.out, exist_ok=True)
    study, series, frame = uid(a.seed, "study"), uid(a.seed, a.rows, a.slices, "series"), uid(a.seed, "for")
    z0 = -a.slices * a.slice_mm / 2
    for k in range(a.slices):
        z = z0 + k * a.slice_mm
        meta = FileMetaDataset()
        meta.MediaStorageSOPClassUID = CTImageStorage
        meta.MediaStorageSOPInstanceUID = uid(a.seed, a.rows, a.slices, k)
        meta.TransferSyntaxUID = ExplicitVRLittleEndian
        meta.ImplementationClassUID = ROOT + "1"
        ds = FileDataset(None, Dataset(), file_meta=meta, preamble=b"\0" * 128)
        ds.is_little_endian, ds.is_implicit_VR = True, False
        ds.SpecificCharacterSet = "ISO_IR 100"
        ds.ImageType = ["ORIGINAL", "PRIMARY", "AXIAL"]
        ds.SOPClassUID = CTImageStorage
        ds.SOPInstanceUID = meta.MediaStorageSOPInstanceUID
        ds.StudyDate, ds.StudyTime, ds.AccessionNumber = "20260101", "090000", "SYN0001"
        ds.Modality, ds.Manufacturer = "CT", "Medlens synthetic"
        ds.PatientName, ds.PatientID, ds.PatientSex = "Phantom^Chest", "PHANTOM-001", "O"
        ds.BodyPartExamined = "CHEST"
        ds.SliceThickness = a.slice_mm
        ds.KVP = 120
        ds.StudyInstanceUID, ds.SeriesInstanceUID, ds.FrameOfReferenceUID = study, series, frame
        ds.SeriesDescription = f"Synthetic chest CT {a.rows}x{a.rows}x{a.slices}"
        ds.StudyID, ds.SeriesNumber, ds.AcquisitionNumber = "1", 1, 1
        # Instance numbers run head→feet while z increases, as on many scanners: readers must sort by position.
        ds.InstanceNumber = a.slices - k
        ds.ImagePositionPatient = [-(a.rows / 2 - 0.5) * spacing, -(a.rows / 2 - 0.5) * spacing, z]
        ds.ImageOrientationPatient = [1, 0, 0, 0, 1, 0]
        ds.PixelSpacing = [spacing, spacing]
        ds.SamplesPerPixel, ds.PhotometricInterpretation = 1, "MONOCHROME2"
        ds.Rows = ds.Columns = a.rows
        ds.BitsAllocated, ds.BitsStored, ds.HighBit, ds.PixelRepresentation = 16, 16, 15, 1
        ds.WindowCenter, ds.WindowWidth = -600, 1600
        ds.RescaleIntercept, ds.RescaleSlope, ds.RescaleType = -1024, 1, "HU"
        hu = phantom_slice(a.rows, spacing, z, rng, a.noise)
        ds.PixelData = (hu.astype(np.int32) + 1024).astype(np.int16).tobytes()
        # File names in a shuffled order on purpose (not z order).
        name = f"IM{(k * 7919) % 100003:06d}"
        ds.save_as(os.path.join(a.out, name), write_like_original=False)
    print(f"wrote {a.slices} slices of {a.rows}x{a.rows} to {a.out}")


if __name__ == "__main__":
    main()
