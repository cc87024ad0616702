# CSS-like lines and selectors inside blocks are statements; `#` starts a comment only before a blank.
system Dashboard {
  ui {
    layout: flexbox(wrap: true, gap: 8)
    div #log-entries {
      color: #333;
      font-family: "Fira Code", monospace;
      border: 1px solid #ccc;
    }
    .header { background: #fafafa; height: 48px; }
    theme: "dark" | "light" | "auto"
  }
}
