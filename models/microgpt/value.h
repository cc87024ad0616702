#pragma once
// Scalar reverse-mode autograd, the engine of the original microGPT: every arithmetic result is a node that
// remembers its inputs and the local derivative with respect to each, and backward() applies the chain rule
// over the nodes in reverse topological order. Nodes live in one arena (Graph) instead of the heap, so a
// training step's graph is dropped in O(1) and the parameters, created first, survive it.

#include <vector>

namespace spak::microgpt {

class Graph;

/// A scalar in a Graph: a handle to one node. Cheap to copy; valid until the graph is truncated below it.
struct Value {
  Graph* graph = nullptr;
  int id = -1;

  double data() const;
  double grad() const;
};

/// The arena of autograd nodes: values, gradients, and up to two (child, local derivative) edges each.
class Graph {
 public:
  /// A node with no inputs: a parameter, or a constant the expression uses.
  Value leaf(double data);
  /// A node computed from inputs, with d(result)/d(input) for each.
  Value node(double data, Value a, double da);
  Value node(double data, Value a, double da, Value b, double db);

  double& data(int id) { return nodes_[static_cast<std::size_t>(id)].data; }
  double& grad(int id) { return nodes_[static_cast<std::size_t>(id)].grad; }
  int size() const { return static_cast<int>(nodes_.size()); }

  /// Sets root.grad = 1 and accumulates into every node it depends on: child.grad += local · parent.grad,
  /// visiting parents before children (a depth-first topological order, as the original builds it).
  void backward(Value root);

  /// Drops every node with id >= size (the graph built since the parameters were made).
  void truncate(int size) { nodes_.resize(static_cast<std::size_t>(size)); }

 private:
  /// One scalar with its gradient and its edges to the nodes it was computed from.
  struct Node {
    double data = 0.0;
    double grad = 0.0;
    int child[2] = {-1, -1};
    double local[2] = {0.0, 0.0};
  };
  std::vector<Node> nodes_;
  std::vector<int> topo_;      // scratch for backward(), kept to reuse its memory
  std::vector<char> visited_;  // likewise
};

// The operations of the original Value class: + * ** log exp relu, and the ones it derives from them
// (negation and subtraction as multiplication by -1, division as multiplication by a power -1). A double operand
// becomes a leaf, as a Python number does.
Value operator+(Value a, Value b);
Value operator*(Value a, Value b);
Value pow(Value a, double exponent);
Value log(Value a);
Value exp(Value a);
Value relu(Value a);

Value operator+(Value a, double b);
Value operator*(Value a, double b);
Value operator*(double a, Value b);
Value operator-(Value a);
Value operator-(Value a, Value b);
Value operator-(Value a, double b);
Value operator/(Value a, Value b);
Value operator/(Value a, double b);

}  // namespace spak::microgpt
