"""Term features of documents: content words and bigrams, as TF-IDF matrices for classifying and clustering."""

from __future__ import annotations

import itertools
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from functools import lru_cache

import numpy as np
import scipy.sparse as sp  # type: ignore[import-untyped, unused-ignore]

from assistant.themes.tokens import CACHE_SIZE, Document, is_stopword

# How much more the first content sentence counts than the rest in whole-document features.
FIRST_SENTENCE_REPEAT = 2


@contextmanager
def single_threaded() -> Iterator[None]:
    """Run BLAS and OpenMP (numpy, scikit-learn) on one thread: the matrices here are small, and with
    two threads on a busy two-core machine the threads' spin-waiting made an SVD take 4 s instead of 0.03 s."""
    from threadpoolctl import threadpool_limits  # type: ignore[import-untyped, unused-ignore]

    with threadpool_limits(limits=1):
        yield


@lru_cache(maxsize=CACHE_SIZE)
def sentence_terms(tokens: tuple[str, ...]) -> tuple[str, ...]:
    """Content words plus adjacent-word bigrams ("not_work", "退款_申请") unless both words are stopwords.

    Cached, like the tokenization: sentences repeat across complaints."""
    terms = [token for token in tokens if not is_stopword(token)]
    terms.extend(
        f"{left}_{right}"
        for left, right in itertools.pairwise(tokens)
        if not (is_stopword(left) and is_stopword(right))
    )
    return tuple(terms)


def first_content_index(doc: Document) -> int | None:
    """Index of the first sentence with a content word (greetings like "Hi," or "在吗" skipped)."""
    for index, tokens in enumerate(doc.tokens):
        if any(not is_stopword(token) for token in tokens):
            return index
    return None


def first_sentence_terms(doc: Document) -> list[str]:
    """Terms of the first content sentence only: where a complaint states its main problem."""
    index = first_content_index(doc)
    return [] if index is None else list(sentence_terms(doc.tokens[index]))


def document_terms(doc: Document) -> list[str]:
    """Terms of the whole document, the first content sentence counted FIRST_SENTENCE_REPEAT times."""
    index = first_content_index(doc)
    terms: list[str] = []
    for position, tokens in enumerate(doc.tokens):
        sentence = sentence_terms(tokens)
        terms.extend(sentence * (FIRST_SENTENCE_REPEAT if position == index else 1))
    return terms


def tfidf(docs: Sequence[Document], analyzer: Callable[[Document], list[str]]) -> sp.csr_matrix:
    """L2-normalised, sublinear TF-IDF rows for `docs` (no columns when no document has a term)."""
    # scikit-learn is slow to import and only theme queries need it.
    from sklearn.feature_extraction.text import TfidfVectorizer  # type: ignore[import-untyped, unused-ignore]

    vectorizer = TfidfVectorizer(analyzer=analyzer, sublinear_tf=True, dtype=np.float64)
    try:
        return sp.csr_matrix(vectorizer.fit_transform(docs))
    except ValueError:  # no document has any term (empty texts, or only greetings and numbers)
        return sp.csr_matrix((len(docs), 0))
