# 命令行：每个命令和选项的帮助、命令行参数的错误，以及命令自己打印的行。
# cli-<命令>-<选项> 按选项名查找。

cli-about = 社区 shequ：把社区通讯的 Markdown 案例做成档案网站
cli-usage = 用法
cli-usage-options = [选项]
cli-command-value = 命令
cli-heading-options = 选项
cli-heading-arguments = 参数
cli-heading-commands = 命令
cli-help = 显示本帮助
cli-version = 显示版本号

cli-arg-root = 网站所在的文件夹（放 config.toml 的那个）；默认为当前文件夹
    .value = 文件夹
cli-arg-lang = shequ 提示信息的语言：zh（中文）或 en（英文）；默认跟随系统语言（也可用环境变量 SHEQU_LANG）
    .value = 语言

cli-build-about = 生成网站，放在 public/ 文件夹里（可直接上传）
cli-build-output = 生成到这个文件夹，而不是 public/
    .value = 文件夹
cli-build-base-url = 用这个网址代替 config.toml 里的 base_url（用于测试服务器）
    .value = 网址
cli-build-drafts = 把标了 draft = true 的草稿案例和草稿期也生成出来
cli-build-no-wait = 如果另一个 shequ 正在写同一个文件夹，立即停止，不等待

cli-check-about = 像生成网站一样检查所有案例、期和模板，但不写任何文件
cli-check-drafts = 同时检查草稿（draft = true）
cli-check-fix = 先把头部信息里误用的中文标点改成英文标点（，→ , “ ” → " ＝ → =），并列出改了什么

cli-new-about = 新建一个案例文件，例如 shequ new 2024-spring/fangda-caishichang --area 纺大
cli-new-path = 案例所在的期文件夹和文件名：<期>/<名称>，例如 2024-spring/fangda-caishichang
    .value = 期/名称
cli-new-area = 案例所属的居民区，须是 config.toml 里登记过的
    .value = 居民区
cli-new-title = 案例标题（默认用文件名）
    .value = 标题
cli-new-date = 案例日期：2024、2024-03 或 2024-03-15（默认今天）
    .value = 日期

cli-serve-about = 在本机预览网站；加 --watch 后，每次保存都会重新生成并刷新浏览器
cli-serve-port = 监听的端口（默认 1111；0 表示任选一个空闲端口并打印出来）
    .value = 端口
cli-serve-bind = 监听的地址（默认 127.0.0.1：只有本机能访问）
    .value = 地址
cli-serve-watch = content/、themes/、templates/、static/ 里的文件或 config.toml 一保存就重新生成，并刷新打开的页面
cli-serve-open = 用默认浏览器打开网站
cli-serve-drafts = 同时显示草稿（draft = true）
cli-serve-poll = 每隔这么多毫秒查看一次文件（默认 1000），用于网络共享文件夹、WSL 或容器里保存后没有反应的情况；自动开启 --watch（50–60000）
    .value = 毫秒

cli-help-about = 显示 shequ 或某个命令的帮助
cli-help-command = 要查看帮助的命令
    .value = 命令

# 命令行写错时。
cli-error-unknown-arg = 这个命令没有 { $arg } 选项
cli-error-did-you-mean = 是不是想写 { $suggestion }？
cli-error-unknown-command = 没有“{ $name }”这个命令
cli-error-commands = 可用的命令：{ $commands }
cli-error-missing = 缺少 { $arg }
cli-error-invalid-value = “{ $value }”不是 { $arg } 可用的值
cli-error-valid-values = 可用的值：{ $values }
cli-error-no-command = 请说明要运行哪个命令：{ $commands }
cli-error-other = 无法理解这行命令：{ $detail }
cli-error-see-help = 想了解更多，请运行：{ $command } --help

cli-lang-bad = { $source } 只能是 zh（中文）或 en（英文），不能是“{ $value }”；现按系统语言显示

# 命令打印的结果。
check-fixed = 已修改 { $file }:{ $line }:{ $col }：{ $from } → { $to }
check-fixed-space = 空格
check-not-fixed = 未修改 { $file }：它的头部信息还有别的错误，见下文
check-failed = 错误：检查发现 { $errors } 个错误、{ $warnings } 个警告；请按上面的提示改正后再运行 shequ check（检查不会写入任何文件）
check-summary = 已检查 { $cases } 个案例、{ $issues } 期、{ $areas } 个居民区：{ $errors } 个错误，{ $warnings } 个警告
new-created = 已创建 { $path }
