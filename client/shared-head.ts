/**
 * The head every page shares (charset, viewport, theme colour, icon), written once: a Vite
 * plugin adds each tag a page does not set itself, so a page names only its title and, where it
 * needs another, its own viewport (the phones' `viewport-fit=cover`, the overlay's 1920 width).
 */
import type { HtmlTagDescriptor, Plugin } from 'vite';

const SHARED_HEAD: { present: RegExp; tag: HtmlTagDescriptor }[] = [
  { present: /<meta\s+charset=/i, tag: { tag: 'meta', attrs: { charset: 'UTF-8' } } },
  {
    present: /<meta\s+name="viewport"/i,
    tag: { tag: 'meta', attrs: { name: 'viewport', content: 'width=device-width, initial-scale=1' } },
  },
  { present: /<meta\s+name="theme-color"/i, tag: { tag: 'meta', attrs: { name: 'theme-color', content: '#7a1010' } } },
  {
    present: /<link\s+rel="icon"/i,
    tag: { tag: 'link', attrs: { rel: 'icon', type: 'image/svg+xml', href: '/favicon.svg' } },
  },
];

export function sharedHead(): Plugin {
  return {
    name: 'leitai-shared-head',
    transformIndexHtml: {
      order: 'pre',
      handler: (html) =>
        SHARED_HEAD.filter((h) => !h.present.test(html)).map((h) => ({ ...h.tag, injectTo: 'head-prepend' as const })),
    },
  };
}
