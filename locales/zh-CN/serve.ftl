# src/serve 的消息：预览和它的错误提示层（约定见 cli.ftl）。

## 启动预览。
serve-root-unreadable = 打不开网站文件夹 { $path }：{ $error }
    .help = 请在网站所在的文件夹（放着 config.toml 的那个）里运行 shequ，或者用 --root 文件夹 指明它
serve-preview-dir-failed = 无法创建预览文件夹 { $path }：{ $error }
    .help = 预览把页面写在网站文件夹里的 .shequ/ 下：请确认网站文件夹可以写入
serve-preview-lock-failed = 无法锁定预览文件夹
serve-already-running = 已经有另一个 `shequ serve` 在预览这个网站
    .help = 请直接用正在运行的那个预览（地址显示在它的窗口里），或者先在那个窗口按 Ctrl-C 停止它
serve-bad-address = “{ $host }”不能用作监听地址：{ $error }
    .help = 请用 --bind 127.0.0.1（只有本机能访问）或 --bind 0.0.0.0（整个网络都能访问）
serve-cannot-listen = 无法在 { $address } 上监听：{ $error }
    .help = 可能有别的程序占用了这个端口：请用 --port 0 自动选一个空闲的端口
serve-no-address = “{ $host }”找不到对应的地址
serve-address-unreadable = 读不到监听的地址：{ $error }
serve-cannot-start = 无法启动预览服务：{ $error }
serve-cannot-serve = 错误：无法提供预览：{ $error }
serve-first-build-failed = 第一次生成就失败了，没有可以预览的内容
    .help = 请先改正上面的错误；或者运行 `shequ serve --watch`，边预览边改
serve-first-build-failed-watching = 生成失败（用时 { $millis } 毫秒）；{ $path } 保持原样继续预览，等待修改
serve-not-local = 警告：正在 { $address } 上监听，网络上的其他电脑也能访问
# 脚本从这一行读取地址：地址要放在最后。
serve-serving = 预览地址：{ $url }
serve-watching = 正在留意 content/、themes/、templates/、static/ 和 config.toml 的改动；按 Ctrl-C 停止
serve-browser-failed = 警告：没能打开浏览器（{ $why }）；请自己在浏览器里打开 { $url }
serve-browser-launcher = 负责打开浏览器的程序报告失败

## 留意文件改动。
serve-watch-unavailable = 警告：无法留意网站文件的改动（{ $error }）；继续预览，但不会自动重新生成
serve-watch-stopped = 警告：已停止留意文件改动；继续预览，但不会自动重新生成
serve-watch-folder-failed = 警告：无法留意 { $folder }/ 的改动：{ $error }
serve-watch-error = 警告：留意文件改动时出错：{ $error }
serve-watch-too-many = 已达到系统能同时留意的文件数上限
serve-watch-gone = 文件或文件夹已经不在了
serve-watch-other = 系统的文件监视报告了错误

## 每次重新生成打印一行。
serve-changed = { $files } 有改动
serve-changed-more = { $files } 及另外 { $count } 个文件有改动
serve-changed-rescan = 有文件改动（已全部重新检查）
serve-rebuild-failed = 重新生成失败：{ $what } → { $errors } 个错误，用时 { $millis } 毫秒；仍在预览上次成功生成的版本
serve-rebuilt-unchanged = 已重新生成：{ $what } → 输出没有变化，用时 { $millis } 毫秒
serve-rebuilt = 已重新生成：{ $what } → { $pages } 个页面中重新生成了 { $rendered } 个，写入 { $written } 个文件，删除 { $removed } 个，用时 { $millis } 毫秒
    .css = { $line }（已替换样式表）
serve-search-updated = 搜索索引已更新，用时 { $millis } 毫秒
serve-search-failed = 搜索索引更新失败；仍在使用原来的索引
serve-build-failed = 生成失败

## 浏览器里：盖在预览页面上的错误提示层，以及还没有成功生成过时显示的页面。
serve-overlay-label = 生成失败
serve-overlay-title = 生成失败：共 { $count } 个错误
serve-overlay-intro = 页面仍是上次成功生成的版本。请按下面的提示修改文件并保存，修好后页面会自动刷新。
serve-overlay-heading = { $severity }　{ $place }
serve-overlay-where = { $file } 第 { $line } 行，第 { $col } 列
serve-overlay-error = 错误
serve-overlay-warning = 警告
serve-overlay-help = 提示：{ $help }
serve-overlay-close = 关闭
serve-404-title = 404 未找到
serve-404-text = 这个地址没有页面。
