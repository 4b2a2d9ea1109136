/**
 * The legal documents are standalone HTML files (they must stay readable on their own, REG-09).
 * Shown inside the app, only their body is kept, without scripts, styles, frames, event handlers,
 * `javascript:` links or the file's own h1 (the page has its heading).
 */
export function sanitiseLegalHtml(html: string): string {
  const doc = new DOMParser().parseFromString(html, 'text/html');
  doc
    .querySelectorAll('script, style, link, meta, iframe, object, embed, form, base')
    .forEach((node) => node.remove());
  doc.body.querySelector('h1')?.remove();
  for (const element of Array.from(doc.body.querySelectorAll('*'))) {
    for (const attribute of Array.from(element.attributes)) {
      const name = attribute.name.toLowerCase();
      const value = attribute.value.trim().toLowerCase();
      if (
        name.startsWith('on') ||
        name === 'style' ||
        ((name === 'href' || name === 'src') && value.startsWith('javascript:'))
      ) {
        element.removeAttribute(attribute.name);
      }
    }
  }
  return doc.body.innerHTML;
}
