---
title: "microGPT: the scalar-autograd GPT trained by fused tensor kernels on the CPU and one persistent CUDA block"
source: "models/microgpt/*, bench/microgpt_torch.py, bench/microgpt/device_run.sh, docs/microgpt.md"
tags: [cuda, hopper, attention, training, microgpt]
status: measured
---
import "fmha_h100.dsl"

// microGPT (issue 10) grows out of the FMHA system: it extends FmhaH100, so its attention rules, facts and
// invariants come along (`spak show --resolved` marks their origin), and adds what training a whole tiny GPT
// needs: the implementations, the model and batch sizes, the CUDA launch shape. Its attention is the causal
// softmax(q·kᵀ/√d)·v of FMHA, one warp per (head, position) row inside the fused step kernel.
system MicroGpt extends FmhaH100 {
  baseline {
    description: "PyTorch 2.11 on the same model, data, initial weights and steps (bench/microgpt_torch.py), H100, float32, final run; issue 10's reference: eager 5.10 ms/step CUDA, 2.45 ms/step CPU"
    metrics { torch_eager_cuda_us: 4610.7  torch_compile_reduce_overhead_cuda_us: 2073.0  torch_eager_cpu_us: 2349.4  torch_eager_cuda_us_large: 12742.6  torch_compile_cuda_us_large: 7837.2 }
  }

  // The problem: model sizes, documents per step, the run's length and its names file (relative to where
  // `spak tune` runs). The first values are the original's model.
  design_space {
    n_embd: [16, 64, 128]
    n_layer: [1, 4]
    batch: [1, 32]
    steps: [333, 50]
    data: ["names.txt"]
  }

  // How it is computed. threads and grid shape the CUDA trainer's launch: grid "one" is a single persistent
  // block for every step, "batch" a block per document plus an Adam kernel per step, "auto" the first for batch 1.
  tuning_space {
    impl: [cuda, cpu, scalar]
    precision: [f32, f64]
    threads: [512, 256, 128, 64]
    grid: [auto, one, batch]
  }

  constraints {
    // FMHA's tiling axes (bm, bn, warps, pingpong, inherited) do not shape microGPT's kernels: its constraints
    // already leave two points of them for the default FMHA step, and this keeps one.
    "pingpong == 0"
    "impl == 'cuda' or (threads == 512 and grid == 'auto')"  // the launch shape means nothing on the CPU
    "impl != 'scalar' or precision == 'f64'"                 // the autograd reference computes in double
  }

  knowledge {
    fact cuda_step_h100_default {
      description: "n_embd 16, 1 layer, batch 1, float32, one persistent block of 512 threads: 44.0 us/step over 333 steps (105x the same-run torch eager CUDA 4611 us; 40.8 us and 81x in the run of a974c97), mean loss of the last 50 steps 2.4166 like the scalar reference"
      us_per_step: 44.0   torch_eager_us_per_step: 4610.7   ratio: 104.7
      confidence: 0.8   source: "bench/results/microgpt_h100_2026-11-25.json"
    }
    fact cuda_step_h100_large {
      description: "n_embd 128, 4 layers, batch 32, float32, a block per document + Adam kernel, 512 threads: 6.1 ms/step, 2.1x torch eager (12.7 ms) but slower than torch.compile (7.8 ms; 5.2 ms in the run of a974c97): each document's matmuls run on one SM"
      us_per_step: 6055.2   torch_eager_us_per_step: 12742.6   ratio: 2.1
      confidence: 0.7   source: "bench/results/microgpt_h100_2026-11-25.json"
    }
    rule "One persistent block for the original model" {
      when: "impl == 'cuda' and batch == 1 and n_embd <= 16"
      recommend: "grid = 'one'"
      recommend: "threads = 512"
      reason: "the step is ~25 barrier-separated phases on 4192 parameters: 512 threads ran 44.0 us/step, 256: 52.6, 128: 75.8 (final run); a block per document plus an Adam launch per step: 50.1"
      confidence: 0.8
    }
    rule "A block per document once the batch grows" {
      when: "impl == 'cuda' and batch > 1"
      recommend: "grid = 'batch'"
      reason: "one block walking 32 documents of a 128-wide 4-layer model ran 127 ms/step, a block each 4.9 ms/step (run of 6d90ec4)"
      confidence: 0.9
    }
    rule "Double only to check" {
      when: "precision == 'f64'"
      recommend: "precision = 'f32'"
      reason: "once f64 matches the scalar reference (3.9e-16 over 50 steps on the H100), f32 is the speed mode: f64 costs 13% more (49.6 vs 44.0 us/step at 512 threads)"
      confidence: 0.7
    }
    // __launch_bounds__(512) caps the step kernels at 128 registers a thread (cuda_kernels.cu).
    invariant LaunchBounds { assert: "threads <= 512 and threads % 32 == 0" }
    hint: "large configs need real GEMMs over all batch x block positions (several blocks per matrix), not one SM per document"
  }

  trace_schema {
    variant TraceItem {
      case Performance {
        step_name: string  impl: string  precision: string  steps: int  batch: int  n_embd: int  n_layer: int
        us_per_step: float  total_ms: float  final_loss: float  mean_loss_last50: float
      }
      case Correctness { impl: string  reference: string  steps: int  passed: bool  rel_error: float  tolerance: float }
      case Loss { step: int  loss: float  us: float }
    }
  }

  // One trial trains the whole run (--steps) and reports its mean time per step; --check first compares three
  // steps with the CPU trainer in double (the Correctness item). On the GPU machine:
  // `spak tune examples/microgpt.dsl --system MicroGpt --loop TrainSteps`; on a CPU: add `--set impl=cpu`.
  engineering_loop TrainSteps {
    measure {
      cmd: "{{spak_build}}/spak-microgpt --data {{data}} --impl {{impl}} --precision {{precision}} --steps {{steps}} --n-embd {{n_embd}} --n-layer {{n_layer}} --batch {{batch}} --cuda-threads {{threads}} --cuda-grid {{grid}} --check --sample 0 --log-every 0"
      metric: Performance.us_per_step
      objective: minimize
    }
    strategy: grid
    budget: 16
    timeout: 300
    // The CPU trainer; bm, bn and warps name the one point the constraints leave of FMHA's tiling axes.
    baseline: {impl: "cpu", precision: "f32", bm: 128, bn: 128, warps: 12}
  }

  build {
    artifact "models/microgpt/cuda_kernels.cu"
    artifact "models/microgpt/cuda_step.cuh"
    artifact "models/microgpt/tensor_trainer.cpp"
    artifact "bench/microgpt_torch.py"
    artifact "bench/results/microgpt_h100_2026-11-25.json"
  }
}
