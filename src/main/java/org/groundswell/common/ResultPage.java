package org.groundswell.common;

import java.util.List;
import java.util.function.Function;

/** One page of a listing: {@code page} counts from 0, {@code total} counts every item on every page. */
public record ResultPage<T>(List<T> items, int page, int size, long total) {

    public <R> ResultPage<R> map(Function<? super T, ? extends R> mapper) {
        return new ResultPage<>(items.stream().<R>map(mapper).toList(), page, size, total);
    }
}
