from desktop_llm.core.models.catalog import load_catalog
from desktop_llm.core.models.hardware import Hardware
from desktop_llm.core.models.recommend import CPU_BANDWIDTH_GUESS, estimate_speed, recommend

GiB = 2**30


def machine(available, gpu_vram=None):
    return Hardware(32 * GiB, available, 8, ("AVX2",), gpu_vram is not None, gpu_vram)


def test_a_cpu_machine_gets_the_best_model_that_is_comfortably_fast_not_the_biggest_that_fits():
    choice = recommend(load_catalog(), machine(20 * GiB))
    assert choice.spec.kind == "instruct" and not choice.spec.reasoning and choice.spec.url
    assert choice.speed.tokens_per_second >= 8 and not choice.speed.on_gpu
    assert choice.spec.size < 2e9  # a 8B model fits 20 GiB but would answer at 2 tokens/s on a CPU
    assert "fits this machine" in choice.reason and "tokens/s" in choice.reason


def test_a_machine_measured_fast_or_with_a_gpu_gets_a_bigger_model():
    catalog = load_catalog()
    small = recommend(catalog, machine(20 * GiB))
    fast = recommend(catalog, machine(20 * GiB), measured={"a.gguf": {"generate_tps": 20.0, "size": 5e9}})
    gpu = recommend(catalog, machine(20 * GiB, gpu_vram=24 * GiB))
    assert fast.spec.quality > small.spec.quality and fast.speed.measured
    assert gpu.speed.on_gpu and gpu.spec.quality >= fast.spec.quality


def test_little_memory_gets_a_small_model_or_none():
    tiny = recommend(load_catalog(), machine(int(1.6 * GiB)))
    assert tiny is None or tiny.spec.ram_required <= 0.8 * 1.6 * GiB
    assert recommend(load_catalog(), machine(200 * 2**20)) is None


def test_chinese_speakers_get_a_model_that_writes_chinese():
    catalog = load_catalog()
    for available in (4 * GiB, 20 * GiB):
        choice = recommend(catalog, machine(available), language="zh")
        assert "zh" in choice.spec.languages and "Chinese" in choice.reason


def test_speed_estimate_is_bandwidth_over_size():
    assert estimate_speed(int(CPU_BANDWIDTH_GUESS / 10), machine(8 * GiB)).tokens_per_second == 10


def test_only_a_big_enough_measured_model_changes_the_estimate():
    spec_size = int(2e9)
    guess = estimate_speed(spec_size, machine(8 * GiB))
    small = estimate_speed(spec_size, machine(8 * GiB), {"tiny.gguf": {"generate_tps": 80.0, "size": 2.5e8}})
    big = estimate_speed(spec_size, machine(8 * GiB), {"big.gguf": {"generate_tps": 5.0, "size": 4e9}})
    assert small == guess and not guess.measured
    assert big.measured and big.tokens_per_second == 10.0


def test_a_translation_suggestion_must_write_the_language_and_speeds_are_remembered_without_losing_any():
    from desktop_llm.core.models.recommend import remember_speed

    catalog = load_catalog()
    for code in ("zh", "fr", "de"):
        choice = recommend(catalog, machine(20 * GiB), "translate", code, must_write=True)
        assert choice is not None and code in choice.spec.languages and "translate" in choice.spec.recommended_use
    assert recommend(catalog, machine(20 * GiB), "translate", "fi", must_write=True) is None  # none writes Finnish
    measured: dict = {}
    remember_speed(measured, "m.gguf", 1000, 20.0, 300.0, 0.4)
    remember_speed(measured, "m.gguf", 1000, 25.0)  # a chat reply: no prompt speed, no summary share
    assert measured == {"m.gguf": {"size": 1000, "generate_tps": 25.0, "prompt_tps": 300.0, "answer_share": 0.4}}
