// A deliberately small markdown renderer for ticket specs. Safety comes from the order:
// the whole input is HTML-escaped first, and every tag in the output is one this file
// writes itself. Links are kept only for http(s) URLs; anything else stays plain text.

const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

export function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => ESCAPES[c]);
}

// Private-use marker for placeholders; stripped from the input so it cannot be forged.
const MARK = '\uE000';

function renderInline(escaped: string): string {
  const slots: string[] = [];
  const hold = (html: string) => `${MARK}${slots.push(html) - 1}${MARK}`;

  // Code spans first: nothing inside them is markdown.
  let s = escaped.replace(/(`+)([^`]|[^`][\s\S]*?[^`])\1(?!`)/g, (_m, _ticks: string, code: string) =>
    hold(`<code>${code.trim() === '' ? code : code.replace(/^ (.*) $/, '$1')}</code>`),
  );

  // [text](http(s)://url) — the URL is already escaped, so it cannot leave the attribute.
  s = s.replace(/\[([^\]\n]+)\]\((https?:\/\/[^\s()]+)\)/gi, (_m, text: string, url: string) =>
    hold(`<a href="${url}" target="_blank" rel="noopener noreferrer nofollow">${emphasis(text)}</a>`),
  );

  s = emphasis(s);

  // Restore placeholders (a link may hold a code span, hence the loop).
  const re = new RegExp(`${MARK}(\\d+)${MARK}`, 'g');
  for (let i = 0; i < 3 && s.includes(MARK); i++) s = s.replace(re, (_m, n: string) => slots[Number(n)] ?? '');
  return s;
}

function emphasis(s: string): string {
  return s
    .replace(/\*\*(?=\S)([\s\S]*?\S)\*\*/g, '<strong>$1</strong>')
    .replace(/(^|[^\w])__(?=\S)([\s\S]*?\S)__(?!\w)/g, '$1<strong>$2</strong>')
    .replace(/\*(?=\S)([^*]*?\S)\*/g, '<em>$1</em>')
    .replace(/(^|[^\w])_(?=\S)([^_]*?\S)_(?!\w)/g, '$1<em>$2</em>')
    .replace(/~~(?=\S)([\s\S]*?\S)~~/g, '<del>$1</del>');
}

interface ListItem {
  text: string;
  task: boolean | null;
}

export function renderMarkdown(source: string): string {
  const lines = escapeHtml(source.replaceAll(MARK, '').replace(/\r\n?/g, '\n')).split('\n');
  const out: string[] = [];
  let para: string[] = [];
  let list: { ordered: boolean; items: ListItem[] } | null = null;
  let quote: string[] = [];

  const flushPara = () => {
    if (para.length) out.push(`<p>${renderInline(para.join('\n')).replace(/\n/g, '<br>')}</p>`);
    para = [];
  };
  const flushList = () => {
    if (!list) return;
    const tag = list.ordered ? 'ol' : 'ul';
    const items = list.items.map((it) => {
      const box = it.task === null ? '' : `<span class="md-task" aria-hidden="true">${it.task ? '☑' : '☐'}</span> `;
      const sr = it.task === null ? '' : `<span class="sr-only">${it.task ? 'done: ' : 'not done: '}</span>`;
      return `<li${it.task === null ? '' : ' class="md-task-item"'}>${sr}${box}${renderInline(it.text)}</li>`;
    });
    out.push(`<${tag}>${items.join('')}</${tag}>`);
    list = null;
  };
  const flushQuote = () => {
    if (quote.length) out.push(`<blockquote>${renderMarkdown(unescapeForNesting(quote.join('\n')))}</blockquote>`);
    quote = [];
  };
  const flushAll = () => {
    flushPara();
    flushList();
    flushQuote();
  };

  for (let i = 0; i < lines.length; i++) {
    const line = lines[i];

    const fence = /^\s{0,3}(```|~~~)\s*([\w+-]*)\s*$/.exec(line);
    if (fence) {
      flushAll();
      const body: string[] = [];
      i++;
      while (i < lines.length && !new RegExp(`^\\s{0,3}${fence[1]}\\s*$`).test(lines[i])) body.push(lines[i++]);
      const lang = fence[2] ? ` class="language-${fence[2]}"` : '';
      out.push(`<pre><code${lang}>${body.join('\n')}</code></pre>`);
      continue;
    }

    if (/^\s*$/.test(line)) {
      flushAll();
      continue;
    }

    // Blockquote lines are escaped already ("&gt; ").
    const q = /^\s{0,3}&gt;\s?(.*)$/.exec(line);
    if (q) {
      flushPara();
      flushList();
      quote.push(q[1]);
      continue;
    }
    flushQuote();

    const h = /^\s{0,3}(#{1,6})\s+(.*?)\s*#*\s*$/.exec(line);
    if (h) {
      flushAll();
      const level = h[1].length;
      out.push(`<h${level}>${renderInline(h[2])}</h${level}>`);
      continue;
    }

    if (/^\s{0,3}([-*_])(\s*\1){2,}\s*$/.test(line)) {
      flushAll();
      out.push('<hr>');
      continue;
    }

    const li = /^\s*([-*+]|\d{1,9}[.)])\s+(.*)$/.exec(line);
    if (li) {
      flushPara();
      const ordered = /\d/.test(li[1]);
      if (list && list.ordered !== ordered) flushList();
      if (!list) list = { ordered, items: [] };
      const task = /^\[([ xX])\]\s+(.*)$/.exec(li[2]);
      list.items.push(task ? { text: task[2], task: task[1] !== ' ' } : { text: li[2], task: null });
      continue;
    }

    // An indented line right after a list item continues it.
    if (list && /^\s{2,}\S/.test(line)) {
      list.items[list.items.length - 1].text += `\n${line.trim()}`;
      continue;
    }
    flushList();
    para.push(line.trim());
  }
  flushAll();
  return out.join('\n');
}

// Blockquote bodies are rendered recursively; undo the one escaping pass so they are not
// escaped twice. Safe because the recursive call escapes again before emitting anything.
function unescapeForNesting(s: string): string {
  return s.replace(/&(amp|lt|gt|quot|#39);/g, (m) => ({ '&amp;': '&', '&lt;': '<', '&gt;': '>', '&quot;': '"', '&#39;': "'" })[m] ?? m);
}
