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
        <source>downloading</source>
        <translation>正在下载</translation>
    </message>
    <message>
        <source>verifying</source>
        <translation>正在校验</translation>
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
