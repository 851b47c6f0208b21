# src/serve 的消息（约定见 cli.ftl）。
