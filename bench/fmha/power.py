"""The card's power state for the benchmarks. An H200 running attention sits at its power limit (700 W) and lowers
its SM clock to stay there; after an idle gap it runs at its top clock for about a second before the power average
catches up, and a timing taken then reads up to 14 % fast (docs/fmha.md, run 25). `heat_up` brings the card to its
sustained state before a timing; `Nvml` and `Sampler` read the SM clock, the energy counter and the throttle reasons
(ctypes on the driver's libnvidia-ml.so.1, so no Python package is needed)."""
import ctypes
import threading
import time

import torch


def heat_up(fn, seconds):
    """Runs fn back to back for about `seconds` (synchronising every ten launches)."""
    end = time.time() + seconds
    while time.time() < end:
        for _ in range(10):
            fn()
        torch.cuda.synchronize()


# nvmlClocksEventReasons bits worth naming (nvml.h).
REASONS = {0x1: "idle", 0x4: "sw_power_cap", 0x8: "hw_slowdown", 0x20: "sw_thermal", 0x40: "hw_thermal",
           0x80: "hw_power_brake"}


class Nvml:
    """The few NVML calls the benchmarks need (device `index` in NVML's order; one GPU here)."""

    def __init__(self, index=0):
        self.lib = ctypes.CDLL("libnvidia-ml.so.1")
        self._ok(self.lib.nvmlInit_v2())
        self.handle = ctypes.c_void_p()
        self._ok(self.lib.nvmlDeviceGetHandleByIndex_v2(index, ctypes.byref(self.handle)))

    @staticmethod
    def _ok(rc):
        if rc != 0:
            raise RuntimeError(f"NVML error {rc}")

    def _get(self, fn, ctype, *args):
        value = ctype()
        self._ok(getattr(self.lib, fn)(self.handle, *args, ctypes.byref(value)))
        return value.value

    def sm_mhz(self):
        return self._get("nvmlDeviceGetClockInfo", ctypes.c_uint, 1)  # NVML_CLOCK_SM

    def energy_mj(self):
        return self._get("nvmlDeviceGetTotalEnergyConsumption", ctypes.c_ulonglong)

    def reasons(self):
        name = "nvmlDeviceGetCurrentClocksEventReasons"  # the older drivers' name: ...ClocksThrottleReasons
        if not hasattr(self.lib, name):
            name = "nvmlDeviceGetCurrentClocksThrottleReasons"
        return self._get(name, ctypes.c_ulonglong)

    def power_limit_w(self):
        return self._get("nvmlDeviceGetEnforcedPowerLimit", ctypes.c_uint) / 1000


class Sampler(threading.Thread):
    """SM clock and throttle reasons every 5 ms while `recording` is set (ctypes drops the GIL in each call)."""

    def __init__(self, nvml):
        super().__init__(daemon=True)
        self.nvml, self.recording, self.stop = nvml, threading.Event(), threading.Event()
        self.mhz, self.reasons = [], 0

    def run(self):
        while not self.stop.is_set():
            if self.recording.is_set():
                self.mhz.append(self.nvml.sm_mhz())
                self.reasons |= self.nvml.reasons()
            time.sleep(0.005)

    def start_window(self):
        self.mhz, self.reasons = [], 0
        self.recording.set()

    def end_window(self):
        self.recording.clear()
        return (sum(self.mhz) / len(self.mhz) if self.mhz else float("nan"),
                [name for bit, name in REASONS.items() if self.reasons & bit])
