# src/output 的消息：把网站写进它的文件夹（约定见 cli.ftl）。

# 同一时间只有一个 shequ 写同一个文件夹。
output-lock-holder = 另一个 shequ 程序
output-lock-holder-pid = 另一个 shequ 程序（进程号 { $pid }）
output-lock-busy = { $who }正在写入 { $out }；这次生成已停止，没有改动任何文件
    .help = 等它写完再生成一次，或者去掉 --no-wait，让这次生成等它写完
output-lock-waiting = 正在等待：{ $who }正在写入 { $out }；它写完后，这次生成会接着进行
output-lock-failed = 无法锁定 { $path }（用来保证同一时间只有一个 shequ 写入）：{ $error }
    .help = 请确认输出文件夹所在的文件夹存在，并且可以写入

# 网站可以写到哪里。
output-refuse = 不能把 { $out } 用作输出文件夹：{ $why }
    .choose = 请另选一个专用的文件夹，例如 public/（默认的文件夹）
output-refuse-link-not-dir = 它是一个快捷方式（链接），指向的不是文件夹
output-refuse-link-gone = 它是一个快捷方式（链接），指向的 { $target } 不存在
    .help = 请先建好链接指向的文件夹，或者删掉这个链接
output-refuse-file = 它是文件，不是文件夹
    .help = 请写一个文件夹的名字（不存在时会自动创建）
output-refuse-fs-root = 它是整个磁盘的根目录
output-refuse-site-root = 它就是网站所在的文件夹，或者包含网站所在的文件夹
output-refuse-site-files = 它在 { $folder }/ 里面，那里放的是网站自己的文件
output-refuse-home = 它是用户的主文件夹
output-refuse-cwd = 它就是当前所在的文件夹，或者包含当前所在的文件夹
output-refuse-top-level = 它是系统的顶层文件夹
output-refuse-system = 它在系统文件夹 { $folder } 里面
output-foreign-files = { $out } 里已经有不是 shequ 写的文件；为了不弄丢它们，这次不改动这个文件夹
    .help = shequ 只写入空的或新的文件夹，或者它以前写过的文件夹：请把那些文件挪到别处，或者用 --output 另选一个文件夹
output-previous-in-the-way = { $path } 挡住了：shequ 要用这个名字保存网站的上一份副本，但它不是 shequ 建的文件夹
    .help = 请删掉它或给它改个名，然后重新生成
output-previous-foreign = { $path } 已存在，而且不是 shequ 建的；这次不改动它
    .help = shequ 在那里保存 { $out } 的上一份副本：请先看看里面有什么，再把它挪走
output-previous-unreadable = 无法读取 shequ 保存在 { $path } 的网站上一份副本：{ $error }
    .help = 请检查输出文件夹所在文件夹的权限

# 输出里同一个位置有两个文件。
output-collision-page = shequ 在 /{ $path } 生成的页面
output-collision-data = shequ 自己的文件 /{ $path }
output-collision-same = 输出里的 /{ $at } 会被写入两个文件：{ $first } 和 { $second }
    .help = 请给文件改名或挪个位置：static/ 里或案例旁边的文件，不能和页面同名，也不能和放页面的文件夹同名
output-collision-folder = 输出里的 /{ $at } 既会是一个文件（{ $first }），又会是放着 { $second } 的文件夹
output-outside = 不能写到输出文件夹之外：“{ $path }”

# 磁盘拒绝了。
output-cannot-create = 无法创建 { $path }：{ $error }
output-cannot-update = 无法更新 { $path }：{ $error }
output-cannot-write = 无法写入 { $path }：{ $error }
output-cannot-swap = 无法把新生成的网站放到 { $path }：{ $error }
output-disk-full = 磁盘已满：请腾出一些空间再生成；输出文件夹保持原样
output-check-permissions = 请检查输出文件夹的权限和磁盘剩余空间；输出文件夹保持原样
