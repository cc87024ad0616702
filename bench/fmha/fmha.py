"""ctypes binding of libspak_fmha.so (kernels/cuda/fmha/fmha.h) for torch tensors."""
import ctypes
import math

import torch

REFERENCE, FA2, BACKWARD, FA3, BACKWARD_WGMMA = 1, 2, 3, 4, 5
_DTYPES = {torch.bfloat16: 0, torch.float16: 1}


class Args(ctypes.Structure):
    """Mirror of spak_fmha_args: shapes, element strides, device pointers and mode knobs."""
    _fields_ = [(n, ctypes.c_int) for n in ("b", "h", "h_kv", "s_q", "s_k", "d")] + \
               [(n, ctypes.c_int64) for n in ("q_stride_b", "q_stride_s", "q_stride_h",
                                              "k_stride_b", "k_stride_s", "k_stride_h")] + \
               [(n, ctypes.c_void_p) for n in ("q", "k", "v", "o")] + \
               [("lse", ctypes.c_void_p), ("dtype", ctypes.c_int), ("causal", ctypes.c_int),
                ("pos_offset", ctypes.c_int), ("scale", ctypes.c_float)]


class Fmha:
    """The library, loaded once; forward() runs a step on (B, H, S, D)-indexed tensor views of any strides."""

    def __init__(self, path):
        self.lib = ctypes.CDLL(path)
        self.lib.spak_fmha_forward.argtypes = [ctypes.c_int, ctypes.c_int, ctypes.POINTER(Args), ctypes.c_void_p,
                                               ctypes.c_int64, ctypes.c_void_p]
        self.lib.spak_fmha_workspace_bytes.argtypes = [ctypes.c_int, ctypes.POINTER(Args)]
        self.lib.spak_fmha_workspace_bytes.restype = ctypes.c_int64
        self.lib.spak_fmha_last_error.restype = ctypes.c_char_p
        self.lib.spak_fmha_backward_step.argtypes = [ctypes.c_int, ctypes.c_int, ctypes.POINTER(Args)] + \
            [ctypes.c_void_p] * 5 + [ctypes.c_int64, ctypes.c_void_p]
        self.lib.spak_fmha_config_name.argtypes = [ctypes.c_int, ctypes.c_int, ctypes.c_char_p, ctypes.c_int]
        self._workspace = None

    def num_configs(self, step):
        return self.lib.spak_fmha_num_configs(step)

    def config_name(self, step, config):
        buf = ctypes.create_string_buffer(128)
        self._check(self.lib.spak_fmha_config_name(step, config, buf, len(buf)))
        return buf.value.decode()

    def _check(self, rc):
        if rc != 0:
            raise RuntimeError(f"spak_fmha: {rc}: {self.lib.spak_fmha_last_error().decode()}")

    def make_args(self, q, k, v, o, lse=None, causal=False, pos_offset=None, scale=None):
        """q, o: (B, H, S_q, D) views; k, v: (B, H_kv, S_k, D) views with equal strides; last dim contiguous."""
        b, h, s_q, d = q.shape
        h_kv, s_k = k.shape[1], k.shape[2]
        assert q.stride(3) == 1 and k.stride(3) == 1 and k.stride() == v.stride() and o.stride() == q.stride()
        a = Args(b, h, h_kv, s_q, s_k, d, q.stride(0), q.stride(2), q.stride(1), k.stride(0), k.stride(2),
                 k.stride(1), q.data_ptr(), k.data_ptr(), v.data_ptr(), o.data_ptr(),
                 lse.data_ptr() if lse is not None else None, _DTYPES[q.dtype], int(causal),
                 (s_k - s_q) if pos_offset is None else pos_offset, scale if scale else 1.0 / math.sqrt(d))
        # The struct holds raw pointers only: keep the tensors alive as long as the arguments, or a temporary
        # (make_args(q, k, v, torch.empty_like(q))) is freed before the launch, and an empty_cache() in forward()
        # hands its memory back to the driver while the kernel still writes there (the illegal address step
        # 04's TMA store of O once hit in --check-only).
        a.tensors = (q, k, v, o, lse)
        return a

    def forward(self, step, config, args):
        need = self.lib.spak_fmha_workspace_bytes(step, ctypes.byref(args))
        ws = None
        if need > 0:
            if self._workspace is None or self._workspace.numel() < need:
                self.release_workspace()
                torch.cuda.empty_cache()
                self._workspace = torch.empty(need, dtype=torch.uint8, device="cuda")
            ws = self._workspace
        stream = torch.cuda.current_stream().cuda_stream
        self._check(self.lib.spak_fmha_forward(step, config, ctypes.byref(args), ws.data_ptr() if ws is not None
                                               else None, need, stream))

    def backward(self, args, d_o, dq, dk, dv, workspace, step=BACKWARD, config=-1):
        """args: the training-mode forward's (o and lse filled); d_o, dq like q, dk/dv like k (same strides);
        step: BACKWARD (03, mma.sync) or BACKWARD_WGMMA (05), config -1 its default; workspace from
        backward_workspace(args, step)."""
        assert d_o.stride() == dq.stride() == (args.q_stride_b, args.q_stride_h, args.q_stride_s, 1)
        assert dk.stride() == dv.stride() == (args.k_stride_b, args.k_stride_h, args.k_stride_s, 1)
        stream = torch.cuda.current_stream().cuda_stream
        self._check(self.lib.spak_fmha_backward_step(step, config, ctypes.byref(args), d_o.data_ptr(),
                                                     dq.data_ptr(), dk.data_ptr(), dv.data_ptr(),
                                                     workspace.data_ptr(), workspace.numel(), stream))

    def backward_workspace(self, args, step=BACKWARD):
        return torch.empty(self.lib.spak_fmha_workspace_bytes(step, ctypes.byref(args)), dtype=torch.uint8,
                           device="cuda")

    def release_workspace(self):
        """Drops the forward workspace once the kernels queued on it are done: a later empty_cache() would hand
        its memory back to the driver (the reference's S_q·S_k floats) under a still running kernel."""
        torch.cuda.synchronize()
        self._workspace = None
