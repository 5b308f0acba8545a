#!/usr/bin/python3
"""A lower-back accelerometer seated in a ride, for the test that such rhythms are no gait.

usage: seated_ride.py car|bike|bike-shanks|bike-shoes SECONDS SEED OUT.csv [WALK.csv]

Writes OUT.csv (time_s, acc_x, acc_y, acc_z in g, 50 Hz, the simulator's sacrum frame: x up, z
forward, the sensor pitched 20 deg forward), after the rows of WALK.csv (`gaitbatch simulate
--sensor sacrum-acc --rate 50`) when one is given:
- car: the trunk reclined 25 deg; road vibration (1-15 Hz, 0.06 g RMS vertical), a bump every
  10 s on average (a 3 Hz ring of 0.4 g decaying in 0.25 s), braking, speeding up and turning
  (0.12 g below 0.3 Hz forward and sideways);
- bike: the trunk leaning 35 deg forward, pedalling at 80 rpm (the pelvis bobs 0.08 g twice a
  turn and rocks 0.06 g sideways once), with the road's vibration (2-20 Hz, 0.05 g).
Both move the trunk some millimetres a step (medians 0.5-0.6 cm), where walking moves it 2-5 cm.
- bike-shanks: the same pedalling seen by a shank IMU on each leg (`gaitbatch simulate --sensor
  shank`'s columns and frame, 100 Hz, no walk before it): each shank swings 25 deg either side of
  20 deg forward, the legs half a turn apart, with noise (0.03 g, 2-3 deg/s);
- bike-shoes: the same seen by an IMU on each shoe (`gaitbatch simulate --sensor foot`'s columns
  and mounting, 100 Hz): the foot circles on a 0.17 m crank and tilts 15 deg either way.
"""
import math
import sys

import numpy as np

RATE = 50.0
SENSOR_PITCH_DEG = 20.0


def band_noise(rng, n, low_hz, high_hz, rms):
    """Gaussian noise with its spectrum cut to low_hz..high_hz, scaled to rms."""
    spectrum = np.fft.rfft(rng.standard_normal(n))
    freqs = np.fft.rfftfreq(n, 1 / RATE)
    spectrum[(freqs < low_hz) | (freqs > high_hz)] = 0
    signal = np.fft.irfft(spectrum, n)
    return signal / signal.std() * rms


def ride(kind, seconds, seed):
    """The ride's rows as an array (n, 3) in the sensor's frame, in g."""
    rng = np.random.default_rng(seed)
    n = int(seconds * RATE)
    t = np.arange(n) / RATE
    if kind == "car":
        posture_deg = -25.0
        vertical = band_noise(rng, n, 1, 15, 0.06)
        for start in rng.uniform(0, seconds, max(1, int(seconds / 10))):
            after = t >= start
            age = t[after] - start
            vertical[after] += 0.4 * np.exp(-age / 0.25) * np.sin(2 * np.pi * 3 * age)
        forward = band_noise(rng, n, 0.02, 0.3, 0.12) + band_noise(rng, n, 1, 10, 0.03)
        sideways = band_noise(rng, n, 0.02, 0.3, 0.12) + band_noise(rng, n, 1, 10, 0.03)
    else:
        posture_deg = 35.0
        turns = 2 * np.pi * np.cumsum(80 / 60.0 * (1 + 0.03 * np.sin(2 * np.pi * t / 40))) / RATE
        vertical = 0.08 * np.sin(2 * turns) + band_noise(rng, n, 2, 20, 0.05)
        sideways = 0.06 * np.sin(turns) + band_noise(rng, n, 2, 20, 0.03)
        forward = 0.03 * np.sin(2 * turns + 1) + band_noise(rng, n, 0.02, 0.2, 0.05)
    pitch = math.radians(SENSOR_PITCH_DEG + posture_deg)
    up = 1.0 + vertical
    rows = np.empty((n, 3))
    rows[:, 0] = up * math.cos(pitch) + forward * math.sin(pitch)
    rows[:, 1] = sideways
    rows[:, 2] = -up * math.sin(pitch) + forward * math.cos(pitch)
    return rows


def shanks_pedalling(seconds, seed):
    """Both shanks' rows (n, 12): per leg the accelerometer's x (along the shank), y, z in g and the
    gyroscope's x, y (pitch), z in deg/s, at 100 Hz."""
    rng = np.random.default_rng(seed)
    rate = 100.0
    n = int(seconds * rate)
    turns = 2 * np.pi * 80 / 60.0 * np.arange(n) / rate
    columns = []
    for shift in (0, np.pi):
        angle = np.radians(20 + 25 * np.sin(turns + shift))
        columns += [np.cos(angle) + 0.03 * rng.standard_normal(n), 0.02 * rng.standard_normal(n),
                    np.sin(angle) + 0.03 * rng.standard_normal(n), 2 * rng.standard_normal(n),
                    np.degrees(np.gradient(angle, 1 / rate)) + 3 * rng.standard_normal(n),
                    2 * rng.standard_normal(n)]
    return rate, np.stack(columns, 1)


def shoes_pedalling(seconds, seed):
    """Both shoes' rows (n, 12) as shanks_pedalling's, the sensor mounted as the simulator's foot
    sensor (x and z in the sagittal plane, gravity reading 0.48 and 0.88 g on them standing)."""
    rng = np.random.default_rng(seed)
    rate = 100.0
    n = int(seconds * rate)
    speed = 2 * np.pi * 80 / 60.0
    turns = speed * np.arange(n) / rate
    columns = []
    for shift in (0, np.pi):
        phase = turns + shift
        tilt = np.radians(15 * np.sin(phase + 0.5))
        forward = -0.17 * speed**2 * np.cos(phase) / 9.81  # the crank's pull, in g
        up = 1.0 - 0.17 * speed**2 * np.sin(phase) / 9.81
        cos, sin = np.cos(tilt), np.sin(tilt)
        x = forward * (0.88 * cos - 0.48 * sin) + up * (0.88 * sin + 0.48 * cos)
        z = forward * (-0.48 * cos - 0.88 * sin) + up * (-0.48 * sin + 0.88 * cos)
        columns += [x + 0.03 * rng.standard_normal(n), 0.03 * rng.standard_normal(n),
                    z + 0.03 * rng.standard_normal(n), 2 * rng.standard_normal(n),
                    np.degrees(np.gradient(tilt, 1 / rate)) + 2 * rng.standard_normal(n),
                    2 * rng.standard_normal(n)]
    return rate, np.stack(columns, 1)


def main():
    if len(sys.argv) not in (5, 6) or sys.argv[1] not in ("car", "bike", "bike-shanks", "bike-shoes"):
        sys.exit(__doc__)
    kind, seconds, seed, out = sys.argv[1], float(sys.argv[2]), int(sys.argv[3]), sys.argv[4]
    if kind in ("bike-shanks", "bike-shoes"):
        rate, rows = (shanks_pedalling if kind == "bike-shanks" else shoes_pedalling)(seconds, seed)
        segment = "shank" if kind == "bike-shanks" else "foot"
        with open(out, "w") as f:
            f.write("time_s," + ",".join(f"{side}_{segment}_{quantity}_{axis}" for side in ("left", "right")
                                         for quantity in ("acc", "gyr") for axis in "xyz") + "\n")
            for i, row in enumerate(rows):
                f.write(f"{i / rate:.5f}," + ",".join(f"{v:.4f}" for v in row) + "\n")
        return
    walk = [line for line in open(sys.argv[5]) if line[0].isdigit()] if len(sys.argv) == 6 else []
    start = len(walk) / RATE
    with open(out, "w") as f:
        f.write("time_s,acc_x,acc_y,acc_z\n")
        f.writelines(walk)
        for i, (x, y, z) in enumerate(ride(kind, seconds, seed)):
            f.write(f"{start + i / RATE:.5f},{x:.4f},{y:.4f},{z:.4f}\n")


if __name__ == "__main__":
    main()
