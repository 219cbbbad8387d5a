"""The CCHC assistant: retrieval, answers, dialogue and channels."""
