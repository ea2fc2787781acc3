import { describe, expect, test } from 'vitest';
import { renderMarkdown } from '../../web/src/markdown.ts';

// The spec renderer's output goes into innerHTML, so its safety is tested here without a
// browser: every tag in the output must be one the renderer wrote itself.

describe('renderMarkdown', () => {
  test('escapes HTML before anything else', () => {
    expect(renderMarkdown('<script>alert(1)</script> & <img src=x onerror=alert(1)>')).toBe(
      '<p>&lt;script&gt;alert(1)&lt;/script&gt; &amp; &lt;img src=x onerror=alert(1)&gt;</p>',
    );
  });

  test('headings, emphasis, inline code', () => {
    expect(renderMarkdown('# Title\n## Sub')).toBe('<h1>Title</h1>\n<h2>Sub</h2>');
    expect(renderMarkdown('**bold** and *it* and _it_ and `a <b>`')).toBe(
      '<p><strong>bold</strong> and <em>it</em> and <em>it</em> and <code>a &lt;b&gt;</code></p>',
    );
    expect(renderMarkdown('snake_case_name stays')).toBe('<p>snake_case_name stays</p>');
    expect(renderMarkdown('`**not bold**`')).toBe('<p><code>**not bold**</code></p>');
  });

  test('lists, task items, code blocks, quotes', () => {
    expect(renderMarkdown('- a\n- b\n\n1. one\n2. two')).toBe('<ul><li>a</li><li>b</li></ul>\n<ol><li>one</li><li>two</li></ol>');
    expect(renderMarkdown('- [x] done')).toContain('☑');
    expect(renderMarkdown('```ts\nconst a = "<b>";\n```')).toBe('<pre><code class="language-ts">const a = &quot;&lt;b&gt;&quot;;</code></pre>');
    expect(renderMarkdown('> quoted *text*')).toBe('<blockquote><p>quoted <em>text</em></p></blockquote>');
    expect(renderMarkdown('> <b>x</b>')).toBe('<blockquote><p>&lt;b&gt;x&lt;/b&gt;</p></blockquote>');
  });

  test('links only for http(s), and they cannot break out of the attribute', () => {
    expect(renderMarkdown('[docs](https://example.com/a?b=1&c=2)')).toBe(
      '<p><a href="https://example.com/a?b=1&amp;c=2" target="_blank" rel="noopener noreferrer nofollow">docs</a></p>',
    );
    expect(renderMarkdown('[x](javascript:alert(1))')).toBe('<p>[x](javascript:alert(1))</p>');
    expect(renderMarkdown('[x](data:text/html,hi)')).not.toContain('<a');
    const tricky = renderMarkdown('[x](https://e.com/"onmouseover="alert(1))');
    expect(tricky).not.toMatch(/href="[^"]*"\s*onmouseover/);
    expect(tricky).toContain('&quot;');
  });

  test('the placeholder character cannot be forged', () => {
    expect(renderMarkdown('\uE0000\uE000 `c`')).toBe('<p>0 <code>c</code></p>');
  });

  test('no tag in the output that the renderer did not write', () => {
    const nasty = [
      '<svg onload=alert(1)>',
      '[a](https://x.com)<iframe>',
      '**<b>**',
      '```\n</code></pre><script>x</script>\n```',
      '# <h1>x',
      '- <li>x</li>',
      '> > <x>',
    ].join('\n\n');
    const tags = [...renderMarkdown(nasty).matchAll(/<\/?([a-z0-9]+)/gi)].map((m) => m[1].toLowerCase());
    const allowed = new Set([
      'p',
      'br',
      'h1',
      'h2',
      'h3',
      'h4',
      'h5',
      'h6',
      'ul',
      'ol',
      'li',
      'pre',
      'code',
      'em',
      'strong',
      'del',
      'a',
      'blockquote',
      'hr',
      'span',
    ]);
    expect(tags.filter((t) => !allowed.has(t))).toEqual([]);
  });
});
