system A {
  x: [1, {a: f(b: 2)}]
  p:
    "v"
}
