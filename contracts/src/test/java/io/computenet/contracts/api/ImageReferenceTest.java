package io.computenet.contracts.api;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;

class ImageReferenceTest {

    @ParameterizedTest
    @ValueSource(strings = {"python", "python:3.11-slim", "vllm/vllm-openai:v0.6.3", "docker.io/library/python:3.11",
            "registry.example.com:5000/team/trainer:2024.06_rc1", "localhost/a__b/c-d.e:latest",
            "[2001:db8::1]:5000/img:tag",
            "ghcr.io/org/img@sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef",
            "ghcr.io/org/img:v1@sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef"})
    void acceptsReferencesOfTheOciGrammar(String reference) {
        assertThat(ImageReference.isValid(reference)).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "Python", "python:", "python:-bad", "a//b", "-python", "python-", "img:tag:tag",
            "img@sha256:abc", "img@sha256", "docker.io/library/python:3.11\u0000", "py thon", "python;rm -rf /",
            "registry.example.com:port/img", "/img", "img/", "a..b", "img\n"})
    void refusesAnythingElse(String reference) {
        assertThat(ImageReference.isValid(reference)).isFalse();
    }

    @org.junit.jupiter.api.Test
    void refusesNamesAndTagsOverTheirLengths() {
        assertThat(ImageReference.isValid("a".repeat(255))).isTrue();
        assertThat(ImageReference.isValid("a".repeat(256))).isFalse();
        assertThat(ImageReference.isValid("img:" + "t".repeat(128))).isTrue();
        assertThat(ImageReference.isValid("img:" + "t".repeat(129))).isFalse();
    }
}
