# 各类消息共用的词：严重程度与提示行。
severity-error = 错误
severity-warning = 警告
diagnostic-help = 提示

# 系统对文件、文件夹或网络地址的回答（i18n::io_error）。
io-not-found = 不存在
io-permission-denied = 没有权限（当前用户不能读写它）
io-already-exists = 已有同名的文件或文件夹
io-storage-full = 磁盘已满
io-quota-exceeded = 磁盘配额已用完
io-read-only = 磁盘是只读的
io-is-a-directory = 这是文件夹，不是文件
io-not-a-directory = 这是文件，不是文件夹
io-directory-not-empty = 文件夹不是空的
io-invalid-data = 内容无法读取（不是 UTF-8 文本？）
io-address-in-use = 这个地址已被别的程序占用
io-address-not-available = 本机没有这个地址
io-timed-out = 等待太久，已放弃
io-interrupted = 被中断了
io-file-too-large = 文件太大，这块磁盘放不下
io-crosses-devices = 会从一块磁盘跨到另一块磁盘
io-too-many-links = 链接太多
io-invalid-filename = 这个名字在这里不能用作文件名
io-busy = 正被别的程序使用
io-other-code = 系统报告了错误（错误码 { $code }）
io-other = 系统报告了错误
