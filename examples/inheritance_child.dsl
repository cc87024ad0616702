import "inheritance_base.dsl"

// Version 2 of the GEMM system: inherits GemmBase and overrides one parameter.
system GemmH100 extends GemmBase {
  tuning_space {
    tile_m: [128, 256]
    stages: [3, 4, 5]
  }
  knowledge {
    fact measured_v1 { tflops: 410.0  source: "v1 sweep" }
  }
}
