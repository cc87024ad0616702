// The shape of observations a program reports through __SPAK_TRACE__ lines.
system TraceShapes {
  trace_schema {
    variant TraceItem {
      case Performance { tflops: float  latency_ms: float  config: map }
      case Correctness {
        max_abs_error: float
        passed: bool
        note?: string
      }
      case Environment { device: string, driver: string, cuda: string? }
    }
    variant Event {
      case Started { at: string }
      case Failed { reason: string  exit_code: int }
    }
  }
}
