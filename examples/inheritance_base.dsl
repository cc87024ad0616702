// The parent of inheritance_child.dsl: what every GEMM system shares.
system GemmBase {
  tuning_space {
    tile_m: [64, 128]
    tile_n: [64, 128]
  }
  knowledge {
    rule "Square tiles first" {
      when: "tile_m != tile_n"
      recommend: "tile_n = tile_m"
      reason: "square tiles balance A and B reuse"
    }
  }
}
