# src/output 的消息（约定见 cli.ftl）。
