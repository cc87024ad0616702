// Node creation, the operations' local derivatives, and the topological backward pass.

#include "value.h"

#include <cmath>
#include <utility>

namespace spak::microgpt {

double Value::data() const { return graph->data(id); }
double Value::grad() const { return graph->grad(id); }

Value Graph::leaf(double data) {
  nodes_.push_back(Node{data, 0.0, {-1, -1}, {0.0, 0.0}});
  return Value{this, size() - 1};
}

Value Graph::node(double data, Value a, double da) {
  nodes_.push_back(Node{data, 0.0, {a.id, -1}, {da, 0.0}});
  return Value{this, size() - 1};
}

Value Graph::node(double data, Value a, double da, Value b, double db) {
  nodes_.push_back(Node{data, 0.0, {a.id, b.id}, {da, db}});
  return Value{this, size() - 1};
}

void Graph::backward(Value root) {
  // Depth-first post-order from the root, with an explicit stack (a long document makes deep graphs).
  topo_.clear();
  visited_.assign(nodes_.size(), 0);
  std::vector<std::pair<int, int>> stack{{root.id, 0}};  // (node, next child to visit)
  visited_[static_cast<std::size_t>(root.id)] = 1;
  while (!stack.empty()) {
    auto& [id, next] = stack.back();
    const Node& n = nodes_[static_cast<std::size_t>(id)];
    if (next < 2 && n.child[next] >= 0) {
      const int child = n.child[next++];
      if (!visited_[static_cast<std::size_t>(child)]) {
        visited_[static_cast<std::size_t>(child)] = 1;
        stack.emplace_back(child, 0);
      }
    } else if (next < 2) {
      next = 2;  // a missing first child means no second one either
    } else {
      topo_.push_back(id);
      stack.pop_back();
    }
  }
  grad(root.id) = 1.0;
  for (auto it = topo_.rbegin(); it != topo_.rend(); ++it) {
    const Node& n = nodes_[static_cast<std::size_t>(*it)];
    for (int c = 0; c < 2 && n.child[c] >= 0; ++c) {
      nodes_[static_cast<std::size_t>(n.child[c])].grad += n.local[c] * n.grad;
    }
  }
}

Value operator+(Value a, Value b) { return a.graph->node(a.data() + b.data(), a, 1.0, b, 1.0); }
Value operator*(Value a, Value b) { return a.graph->node(a.data() * b.data(), a, b.data(), b, a.data()); }
Value pow(Value a, double exponent) {
  return a.graph->node(std::pow(a.data(), exponent), a, exponent * std::pow(a.data(), exponent - 1.0));
}
Value log(Value a) { return a.graph->node(std::log(a.data()), a, 1.0 / a.data()); }
Value exp(Value a) { return a.graph->node(std::exp(a.data()), a, std::exp(a.data())); }
Value relu(Value a) { return a.graph->node(a.data() > 0.0 ? a.data() : 0.0, a, a.data() > 0.0 ? 1.0 : 0.0); }

Value operator+(Value a, double b) { return a + a.graph->leaf(b); }
Value operator*(Value a, double b) { return a * a.graph->leaf(b); }
Value operator*(double a, Value b) { return b.graph->leaf(a) * b; }
Value operator-(Value a) { return a * -1.0; }
Value operator-(Value a, Value b) { return a + (-b); }
Value operator-(Value a, double b) { return a + (-b); }
Value operator/(Value a, Value b) { return a * pow(b, -1.0); }
Value operator/(Value a, double b) { return a * std::pow(b, -1.0); }

}  // namespace spak::microgpt
