"""The query-vector cache in front of the real e5 model."""

from __future__ import annotations

import numpy as np
import pytest

from indexer.embedding import E5Embedder, QueryCache


def test_a_repeated_query_is_served_from_the_cache(e5: E5Embedder) -> None:
    cache = QueryCache(e5, maxsize=8)
    first = cache.embed_query("thủ tục đăng ký khai sinh")
    again = cache.embed_query("thủ tục đăng ký khai sinh")
    assert again is first
    assert cache.hits == 1
    np.testing.assert_allclose(first, e5.embed_query("thủ tục đăng ký khai sinh"), rtol=1e-5, atol=1e-6)


def test_different_queries_get_their_own_vectors(e5: E5Embedder) -> None:
    cache = QueryCache(e5, maxsize=8)
    a, b = cache.embed_query("lệ phí hộ chiếu"), cache.embed_query("chỉ số PAPI là gì")
    assert cache.hits == 0
    assert float(a @ b) < 0.99


def test_shared_vectors_are_read_only(e5: E5Embedder) -> None:
    vector = QueryCache(e5).embed_query("một cửa liên thông")
    with pytest.raises(ValueError):
        vector[0] = 1.0


def test_passages_and_identity_pass_through(e5: E5Embedder) -> None:
    cache = QueryCache(e5)
    assert (cache.model_id, cache.dimension) == (e5.model_id, e5.dimension)
    np.testing.assert_allclose(cache.embed_passages(["Bộ phận một cửa"]), e5.embed_passages(["Bộ phận một cửa"]),
                               rtol=1e-5, atol=1e-6)
