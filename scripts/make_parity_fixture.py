#!/usr/bin/env python3
"""Reference vectors for the candle parity test, computed with sentence-transformers.

Run by hand when the model or the sentences change (it needs torch and sentence-transformers,
which the project itself never uses):

    python3 -m venv /tmp/stenv && /tmp/stenv/bin/pip install sentence-transformers
    /tmp/stenv/bin/python scripts/make_parity_fixture.py models/all-minilm-l6-v2 \
        > tests/fixtures/parity_all-minilm-l6-v2.json

The model folder is the one `rolematch model fetch` fills; max_seq_length is set to 256 as in
the model card, and vectors are mean-pooled and L2-normalized by the model's own modules.
"""
import json
import sys

import sentence_transformers
from sentence_transformers import SentenceTransformer

SENTENCES = [
    "Machine learning engineer who trains and serves PyTorch models.",
    "Built a retrieval-augmented generation pipeline with pgvector and LangChain.",
    "Forward-deployed engineer: on-site integrations in air-gapped networks.",
    "I like hiking, sourdough bread and long walks on the beach.",
    "LLMOps: Prometheus dashboards, token budgets, fallbacks and CI/CD for prompts.",
    "Research engineer with NeurIPS papers and custom CUDA kernels for FSDP training.",
    "Product manager for AI features: evals, UX patterns, cost and risk trade-offs.",
    "Voice agents with Twilio, Whisper and ElevenLabs at sub-second latency.",
    "Go, Rust and C++ services on Kubernetes; Terraform on AWS.",
    "Résumé — naïve café owner; 10+ years; “quotes” & symbols: C#, R&D, 50%.",
    "",
    "word " * 120,
    "Senior backend engineer, four years of APIs and Postgres, one year on an ML platform team, "
    "shipped a RAG assistant for support agents, worked with customers on rollout.",
]


def main() -> None:
    model_dir = sys.argv[1] if len(sys.argv) > 1 else "models/all-minilm-l6-v2"
    model = SentenceTransformer(model_dir, device="cpu")
    model.max_seq_length = 256
    vectors = model.encode(SENTENCES, normalize_embeddings=True, batch_size=4)
    json.dump(
        {
            "model": "all-minilm-l6-v2",
            "sentence_transformers": sentence_transformers.__version__,
            "max_seq_length": 256,
            "cases": [
                {"text": text, "vector": [float(x) for x in vec]}
                for text, vec in zip(SENTENCES, vectors)
            ],
        },
        sys.stdout,
    )
    sys.stdout.write("\n")


if __name__ == "__main__":
    main()
