"""Summaries of the measured runs as Markdown tables, and the issue's targets checked against them."""
import statistics

# (scenario, variant, reference tool key, most netsweep may take relative to it)
TARGETS = [
    ("a", "clean", "nmap-sn", 0.6),
    ("b", "clean", "nmap-sTT4", 0.7),
    ("b", "impaired", "nmap-sTT4", 0.1),
    ("c", "clean", "nmap-sST4", 1.0),
    ("c", "impaired", "nmap-sTT4", 0.05),
    ("d", "clean", "nmap-sTT4", 0.5),
    ("e", "loopback", "nmap-sS", 1.5),
]
RSS_LIMIT_MB = 150
VARIANT_ORDER = ("clean", "impaired", "loopback")


def summarize(runs):
    """Group runs by (variant, scenario, tool) -> one row of medians, extremes and worst scores."""
    groups = {}
    for r in runs:
        groups.setdefault((r["variant"], r["scenario"], r["tool"]), []).append(r)
    rows = {}
    for key, rs in groups.items():
        good = [r for r in rs if r["ok"]]
        walls = [r["wall"] for r in good]
        row = {
            "variant": key[0], "scenario": key[1], "tool": key[2], "label": rs[0]["label"],
            "title": rs[0]["title"], "reps": len(rs), "failed": len(rs) - len(good),
            "diagnostic": rs[0].get("diagnostic", False),
            "wallMedian": statistics.median(walls) if walls else None,
            "wallMin": min(walls) if walls else None, "wallMax": max(walls) if walls else None,
            "rssMaxMb": max((r["rssKb"] or 0) for r in good) / 1024 if good else None,
            "cpuMedian": statistics.median([r["userS"] + r["sysS"] for r in good]) if good else None,
            "precisionMin": min((r["score"]["precision"] for r in good), default=None),
            "recallMin": min((r["score"]["recall"] for r in good), default=None),
            "recallMedian": statistics.median([r["score"]["recall"] for r in good]) if good else None,
            "load1Median": statistics.median([r["load1"] for r in rs]),
            "missed": sorted({m for r in good for m in r["score"]["missed"]}),
            "extra": sorted({m for r in good for m in r["score"]["extra"]}),
        }
        emus = [r["emu"] for r in good if r.get("emu")]
        if emus:
            row["emuLateP99MaxMs"] = max((e["latenessMs"]["p99"] or 0) for e in emus)
            row["emuLateMaxMs"] = max((e["latenessMs"]["max"] or 0) for e in emus)
            row["emuExtraDrops"] = max(sum(d["txDropped"] for d in r["tapDropsDelta"].values())
                                       for r in good if r.get("tapDropsDelta") is not None)
        rows[key] = row
    return rows


def fmt(v, digits=2, suffix=""):
    if v is None:
        return "—"
    return f"{v:.{digits}f}{suffix}"


def pct(v):
    return "—" if v is None else f"{100 * v:.1f} %"


def tables(rows, scenario_order, notes):
    out = []
    for variant in VARIANT_ORDER:
        vrows = [r for r in rows.values() if r["variant"] == variant]
        if not vrows:
            continue
        out.append(f"### {variant}\n")
        out.append("| Scenario | Tool | Median wall (s) | Min–max (s) | Peak RSS (MB) | CPU (s) | Precision | Recall "
                   "| netsweep ÷ tool | Load (1 min) |")
        out.append("|---|---|---:|---:|---:|---:|---:|---:|---:|---:|")
        for sk in scenario_order:
            srows = [r for r in vrows if r["scenario"] == sk]
            if not srows:
                continue
            ns = next((r for r in srows if r["tool"] == "netsweep"), None)
            srows.sort(key=lambda r: (r["tool"] != "netsweep", r["diagnostic"], r["wallMedian"] or 1e9))
            for r in srows:
                if r["tool"] == "netsweep":
                    peers = [p for p in srows if p["tool"] != "netsweep" and not p["diagnostic"] and p["wallMedian"]]
                    best = min(peers, key=lambda p: p["wallMedian"], default=None)
                    ratio = (f"{ns['wallMedian'] / best['wallMedian']:.2f}x best ({best['label']})"
                             if best and ns["wallMedian"] else "—")
                else:
                    ratio = (f"{ns['wallMedian'] / r['wallMedian']:.2f}x"
                             if ns and ns["wallMedian"] and r["wallMedian"] else "—")
                failed = f" ({r['failed']} failed)" if r["failed"] else ""
                diag = " *(diagnostic)*" if r["diagnostic"] else ""
                out.append(f"| ({sk}) {r['title']} | {r['label']}{diag}{failed} | {fmt(r['wallMedian'])} | "
                           f"{fmt(r['wallMin'])}–{fmt(r['wallMax'])} | {fmt(r['rssMaxMb'], 0)} | "
                           f"{fmt(r['cpuMedian'])} | {pct(r['precisionMin'])} | {pct(r['recallMin'])} | "
                           f"{ratio} | {fmt(r['load1Median'], 1)} |")
        out.append("")
    out.append("Wall: median of the repetitions, start to exit (JVM start-up included for netsweep). "
               "Precision and recall: the worst repetition. *Diagnostic* rows are netsweep with one limit "
               "moved (more concurrency, fewer retries, a smaller initial heap); they are not peers.\n")
    if notes:
        out.append("Peers not run, and caveats:\n")
        for line in notes:
            out.append(f"- {line}")
        out.append("")
    return "\n".join(out)


def targets(rows):
    out = ["| Target | netsweep (s) | Reference (s) | Ratio | Goal | Met | netsweep recall |",
           "|---|---:|---:|---:|---:|:---:|---:|"]
    verdicts = []
    for sk, variant, ref, goal in TARGETS:
        ns = rows.get((variant, sk, "netsweep"))
        rf = rows.get((variant, sk, ref))
        if not ns or not rf or not ns["wallMedian"] or not rf["wallMedian"]:
            out.append(f"| ({sk}) {variant} vs {ref} | not measured | | | ≤ {goal}x | | |")
            continue
        ratio = ns["wallMedian"] / rf["wallMedian"]
        met = ratio <= goal and ns["recallMin"] == 1.0
        verdicts.append((sk, variant, ref, ratio, goal, met))
        out.append(f"| ({sk}) {variant} vs {rf['label']} | {ns['wallMedian']:.2f} | {rf['wallMedian']:.2f} | "
                   f"{ratio:.2f}x | ≤ {goal}x | {'yes' if met else 'NO'} | {pct(ns['recallMin'])} |")
    rss = [r for r in rows.values() if r["tool"] == "netsweep" and r["rssMaxMb"] is not None]
    if rss:
        worst = max(rss, key=lambda r: r["rssMaxMb"])
        met = worst["rssMaxMb"] <= RSS_LIMIT_MB
        out.append(f"| netsweep peak RSS, all rows (worst: ({worst['scenario']}) {worst['variant']}) | "
                   f"{worst['rssMaxMb']:.0f} MB | | | ≤ {RSS_LIMIT_MB} MB | {'yes' if met else 'NO'} | |")
    return "\n".join(out) + "\n", verdicts
