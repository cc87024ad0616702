// A service loop: deterministic handlers for events, written with braces or as an indented suite.
system TraceCollector {
  service_loop Collector {
    on Request(req) {
      step parse: tool.run { cmd: "spak trace parse {{req.body}}" }
      store.append(req.items)
      respond 200
    }
    on Timer(interval: int) {
      flush()
    }
    on update(date):
      refresh = load_facts(date)
      if refresh.changed:
        notify(team)
  }
}
