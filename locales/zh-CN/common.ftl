# 各类消息共用的词：严重程度与提示行。
severity-error = 错误
severity-warning = 警告
diagnostic-help = 提示
