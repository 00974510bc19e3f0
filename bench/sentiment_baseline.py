"""Lexicon baseline for the sentiment task: VADER on the hand-labelled eval set.

The LLM classifier is only worth shipping if it beats a free, instant lexicon model,
so this gives the floor to compare against, with the same metrics the LLM run uses.
"""

from __future__ import annotations

import csv
from collections import Counter
from pathlib import Path

DATA = Path(__file__).resolve().parent / "data"
EVAL_CSV = DATA / "sentiment_eval.csv"
FEWSHOT_CSV = DATA / "sentiment_fewshot.csv"
LABELS = ("positive", "negative", "neutral")

_analyzer = None


def load_labelled(path) -> list[tuple[str, str]]:
    """Read a `text,label` CSV; reject unknown labels so a typo can't silently skew scores."""
    with open(path, newline="", encoding="utf-8") as f:
        rows = [(r["text"], r["label"].strip().lower()) for r in csv.DictReader(f)]
    bad = {label for _, label in rows if label not in LABELS}
    if bad:
        raise ValueError(f"{path}: unknown labels {sorted(bad)}")
    return rows


def vader_label(text: str, neutral_band: float = 0.05) -> tuple[str, float]:
    """VADER's standard rule on compound (±0.05); score is |compound|, a rough confidence.

    For neutral the confidence is how far compound sits inside the band (1 at 0, 0 at the edge),
    so every label gets a 0..1 number that means "how sure".
    """
    global _analyzer
    if _analyzer is None:  # lexicon load takes ~0.1 s; do it once
        from vaderSentiment.vaderSentiment import SentimentIntensityAnalyzer

        _analyzer = SentimentIntensityAnalyzer()
    c = _analyzer.polarity_scores(text)["compound"]
    if c >= neutral_band:
        return "positive", abs(c)
    if c <= -neutral_band:
        return "negative", abs(c)
    return "neutral", 1.0 - abs(c) / neutral_band if neutral_band else 1.0


def accuracy(predicted: list[str], gold: list[str]) -> dict:
    """Accuracy, per-label P/R/F1, macro-F1 and confusion (gold -> pred -> n).

    Macro-F1 is the headline alongside accuracy because a model that never says
    "neutral" can still look fine on accuracy alone.
    """
    if len(predicted) != len(gold):
        raise ValueError("predicted and gold differ in length")
    labels = list(LABELS) + sorted((set(gold) | set(predicted)) - set(LABELS))
    pairs = Counter(zip(gold, predicted))
    confusion = {g: {p: pairs[(g, p)] for p in labels} for g in labels}
    per_label = {}
    for l in labels:
        tp = pairs[(l, l)]
        n_pred = sum(pairs[(g, l)] for g in labels)
        n_gold = sum(pairs[(l, p)] for p in labels)
        prec = tp / n_pred if n_pred else 0.0
        rec = tp / n_gold if n_gold else 0.0
        f1 = 2 * prec * rec / (prec + rec) if prec + rec else 0.0
        per_label[l] = {"precision": prec, "recall": rec, "f1": f1}
    gold_labels = [l for l in labels if l in set(gold)]  # macro over labels present in gold
    return {
        "accuracy": sum(map(str.__eq__, predicted, gold)) / len(gold) if gold else 0.0,
        "per_label": per_label,
        "macro_f1": sum(per_label[l]["f1"] for l in gold_labels) / len(gold_labels) if gold_labels else 0.0,
        "confusion": confusion,
    }


def main() -> None:
    rows = load_labelled(EVAL_CSV)
    gold = [label for _, label in rows]
    pred = [vader_label(text)[0] for text, _ in rows]
    m = accuracy(pred, gold)
    print(f"VADER on {EVAL_CSV.name} (n={len(rows)}, {dict(Counter(gold))})")
    print(f"accuracy {m['accuracy']:.3f}   macro-F1 {m['macro_f1']:.3f}")
    for l, s in m["per_label"].items():
        print(f"  {l:<9} P {s['precision']:.3f}  R {s['recall']:.3f}  F1 {s['f1']:.3f}")
    cols = list(m["confusion"])
    print("confusion (rows gold, cols pred):")
    print("  " + " " * 9 + "".join(f"{c:>10}" for c in cols))
    for g, row in m["confusion"].items():
        print(f"  {g:<9}" + "".join(f"{row[c]:>10}" for c in cols))


if __name__ == "__main__":
    main()


ZH_CSV = DATA / "sentiment_zh.csv"  # 240 Chinese review lines, hand-labelled; never used to tune anything
# A small Chinese sentiment lexicon, written from general knowledge of review language (not from the set), with the
# usual negations: the floor a Chinese lexicon tool gives for free.
ZH_POSITIVE = ("好", "棒", "满意", "喜欢", "推荐", "不错", "值得", "惊喜", "舒服", "方便", "快", "完美", "赞", "划算",
               "贴心", "耐心", "热情", "好吃", "好用", "清晰", "实惠", "专业", "靠谱", "顺利", "开心", "漂亮", "超值")
ZH_NEGATIVE = ("差", "失望", "糟", "坏", "慢", "退货", "投诉", "垃圾", "难", "贵", "烂", "不满", "后悔", "问题",
               "故障", "破", "脏", "吵", "敷衍", "上当", "骗", "卡顿", "发热", "异味", "没用", "难吃", "退款")
ZH_NEGATIONS = ("不", "没", "没有", "别", "未", "无")


def zh_lexicon_label(text: str) -> str:
    """Count lexicon hits; a negation right before a word flips it."""
    score = 0
    for words, sign in ((ZH_POSITIVE, 1), (ZH_NEGATIVE, -1)):
        for word in words:
            start = text.find(word)
            while start >= 0:
                negated = any(text[max(0, start - len(n)):start] == n for n in ZH_NEGATIONS)
                score += -sign if negated else sign
                start = text.find(word, start + len(word))
    return "positive" if score > 0 else "negative" if score < 0 else "neutral"
