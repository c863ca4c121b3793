extension HTMLReport {
    /// The page's only stylesheet. System fonts only (nothing to fetch); no `<` or `&` in it, so
    /// the page stays well-formed XML.
    static let style = """
    :root{--fg:#1d2330;--muted:#5b6475;--line:#d8dce4;--bg:#ffffff;--panel:#f5f7fa;--bad:#b42318;--good:#1a7f37;--warn:#9a6700}
    *{box-sizing:border-box}
    body{font:14px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,"DejaVu Sans",sans-serif;color:var(--fg);background:var(--bg);margin:0 auto;max-width:1100px;padding:24px}
    h1{font-size:24px;margin:0 0 4px}h2{font-size:18px;margin:28px 0 10px;border-bottom:1px solid var(--line);padding-bottom:4px}
    h3{font-size:15px;margin:18px 0 6px}
    code,pre{font-family:"DejaVu Sans Mono",Menlo,Consolas,monospace;font-size:12.5px}
    .meta{color:var(--muted);margin:2px 0}
    .verdict{margin:6px 0;font-weight:600;overflow-wrap:anywhere}
    .cards{display:grid;grid-template-columns:repeat(auto-fit,minmax(240px,1fr));gap:12px;margin-top:16px;align-items:start}
    .card{background:var(--panel);border:1px solid var(--line);border-radius:8px;padding:10px 14px;overflow-wrap:anywhere;min-width:0}
    .card h2{font-size:13px;text-transform:uppercase;letter-spacing:.04em;color:var(--muted);border:0;margin:0 0 4px;padding:0}
    .card p{margin:4px 0}
    .badge{display:inline-block;white-space:nowrap;font-weight:600;border-radius:10px;padding:1px 9px;font-size:13px;background:#e9ecf1}
    .badge.bad{background:#fde7e4;color:var(--bad)}.badge.good{background:#dcf5e3;color:var(--good)}.badge.neutral{background:#fff3cd;color:var(--warn)}
    .next{border-left:3px solid #7a8cab;padding-left:8px}
    table{border-collapse:collapse;margin:6px 0 10px;width:100%}
    th,td{border-bottom:1px solid var(--line);padding:3px 8px;text-align:left;vertical-align:top;overflow-wrap:break-word}
    th{white-space:nowrap}table.blame th{white-space:normal}td code{overflow-wrap:anywhere}
    th{background:var(--panel);font-weight:600}
    caption{text-align:left;font-weight:600;padding:4px 0}
    table.numbers td,table.numbers th,td.num{text-align:right;font-variant-numeric:tabular-nums}
    table.numbers th:first-child{text-align:left}
    table.numbers td.name{text-align:left;font-family:"DejaVu Sans Mono",Menlo,monospace;font-size:12.5px;word-break:break-all}
    .up{color:var(--bad)}.down{color:#175cd3}.flat{color:var(--muted)}
    #checklist table{table-layout:fixed}#checklist th:nth-child(1){width:3.5em}#checklist th:nth-child(2){width:9.5em}#checklist th:nth-child(3){width:9em}#checklist th:nth-child(4){width:42%}
    tr.step.done td:first-child{border-left:4px solid var(--good)}tr.step.pending td:first-child{border-left:4px solid var(--bad)}tr.step.not-applicable td:first-child{border-left:4px solid var(--line)}
    tr.step.not-applicable{color:var(--muted)}
    figure{margin:12px 0 18px}figcaption{font-weight:600;margin-bottom:4px}
    svg.chart{max-width:100%;height:auto;background:#fff;border:1px solid var(--line);border-radius:6px}
    svg .grid{stroke:#e6e9ef;stroke-width:1}svg .axis{stroke:#9aa3b2;stroke-width:1}
    svg .tick{font-size:11px;fill:#5b6475}svg .axis-label{font-size:11px;fill:#5b6475}
    .legend{list-style:none;padding:0;margin:6px 0;display:flex;flex-wrap:wrap;gap:4px 18px}
    .legend b{font-family:"DejaVu Sans Mono",Menlo,monospace;font-weight:600;word-break:break-all}
    .swatch{display:inline-block;width:12px;height:12px;border-radius:2px;margin-right:5px;vertical-align:-1px}
    article.oom{background:var(--panel);border:1px solid var(--line);border-radius:8px;padding:4px 14px 8px;margin:10px 0}
    dl{display:grid;grid-template-columns:max-content 1fr;gap:2px 14px;margin:6px 0}dt{color:var(--muted)}dd{margin:0;overflow-wrap:anywhere;min-width:0}
    tr.unreliable{color:var(--muted)}
    .inl{color:var(--muted)}
    table.blame{table-layout:fixed}table.blame th:nth-child(1){width:2.5em}table.blame th:nth-child(2){width:38%}table.blame th:nth-child(3){width:20%}
    table.blame tr.site td{border-bottom:0;font-weight:600}table.blame tr.site.leaking td:nth-child(5){color:var(--bad)}
    table.blame tr.detail td{padding-top:0;min-width:0;overflow:hidden}
    pre.source{background:#f6f8fa;border:1px solid var(--line);border-radius:6px;padding:6px 8px;margin:4px 0;overflow-x:auto}
    pre.source mark{background:#fff1a8;display:inline-block;min-width:100%}
    .ln{color:#8a93a3}
    ol.stack{margin:4px 0;padding-left:24px}ol.stack li.site{font-weight:600}
    .empty{color:var(--muted);font-style:italic}
    footer{margin-top:32px;color:var(--muted);font-size:12px;border-top:1px solid var(--line);padding-top:8px}
    @media print{body{max-width:none;padding:0}details{display:block}}
    """
}
