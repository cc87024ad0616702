// A baseline to compare versions with, and the deliverables of the system.
system Deliverables {
  version: 3
  owner: "perf-team"
  baseline {
     }
  build {
    artifact "kernels/gemm.cfact "bencifact "bench/results/gemm.csv"
    artifacts: ["do333333333333333333			{b: c}]
--
-x: 1[1, {b: c}]
--
-x:1, {b: c}¤
--
-x: 
3333ts/gemm.csv"
    artifacts: ["do333333333333333333			{b: c}]
--
-x: 1[1, {b: c}]
--
-x:1, {b: c}¤
--
-x: 
33333333333333333333333333333]
--
-x:1, {ÿÿÿÿÿÿÿÿÿÿÿÿÿÿÿÿÿÿÿÿÿÿÿÿÿÿÿÿÿÿÿÿÿÿÿÿÿÿÿÿÿÿÿÿÿÿÿÿÿÿÿÿÿÿÿÿÿÿÿÿÿÿÿÿÿÿÿÿÿÿÿÿÿb: c}]
--
x:
 -333333333333333333333333333333333333333333333333333333]
--
-x:1, {b: c}]
--
x:
 -333333333333333333333333333333]R
--
-x:1, {b: c}]
--
x:
 -3333333333333333333cs/gemm.md", "report.html"]
  }
}
