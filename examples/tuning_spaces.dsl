// Design space (what is computed) versus tuning space (how it is scheduled), and constraints that prune it.
system TiledGemm {
  design_space {
    algorithm: ["naive", "tiled", "wgmma"]
    layout: "row_major" | "col_major"
    precision: [fp32, tf32, bf16]
  }
  tuning_space {
    tile_m: [64, 128, 256]
    tile_n: [64, 128, 256]
    tile_k: pow2 [16, 64]
    stages: range [2, 5]
    unroll: range(1, 8, step: 1)
    split_k: [1, 2, 4]
    swizzle: [true, false]
  }
  constraints {
    "tile_m * tile_n <= 16384"
    "stages * tile_k * (tile_m + tile_n) * 2 <= 228 * 1024"
    split_k == 1 or algorithm != 'naive'
  }
}
