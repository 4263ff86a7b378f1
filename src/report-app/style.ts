/** The page's stylesheet (inlined; no fonts or images to fetch). */
export const STYLE = `
body { font: 14px/1.45 system-ui, -apple-system, "Segoe UI", sans-serif; color: #222; margin: 0; background: #fafafa; }
main { max-width: 800px; margin: 0 auto; padding: 16px 24px 48px; background: #fff; }
h1 { font-size: 22px; margin: 8px 0 4px; }
h2 { font-size: 17px; margin: 28px 0 2px; border-top: 1px solid #ddd; padding-top: 14px; }
p.reading { margin: 2px 0 8px; color: #444; }
p.lead { color: #555; margin-top: 0; }
p.warn, p.error { color: #a40; }
p.note { color: #666; font-style: italic; }
table.provenance { border-collapse: collapse; }
table.provenance th { text-align: left; padding: 2px 12px 2px 0; color: #555; font-weight: normal; }
table.provenance td { font-family: ui-monospace, monospace; }
details pre { max-height: 480px; overflow: auto; background: #f4f4f4; padding: 8px; font-size: 12px; }
figure, svg { display: block; }
`;
