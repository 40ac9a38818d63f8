"""The reader: a small cross-encoder, trained in-project, that scores whether a sentence answers a question."""
