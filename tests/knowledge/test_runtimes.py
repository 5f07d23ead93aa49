"""The runtime knowledge holds together: every default is a framework of its language, no skill names two
frameworks, and the runtime text the architect writes reads back as the language and framework it came from."""

from __future__ import annotations

from archgen.knowledge.runtimes import runtimes


def test_every_language_defaults_to_one_of_its_frameworks() -> None:
    know = runtimes()
    assert know.fallback in know.languages
    for key, language in know.languages.items():
        assert key in know.frameworks[language.default].languages, key
    assert all(set(f.languages) <= set(know.languages) for f in know.frameworks.values())


def test_no_skill_names_two_frameworks_or_two_languages() -> None:
    know = runtimes()
    for table in (know.frameworks, know.languages):
        words = [w for entry in table.values() for w in entry.aka]
        assert len(words) == len(set(words))


def test_a_runtime_label_reads_back_as_its_language_and_framework() -> None:
    know = runtimes()
    for key, framework in know.frameworks.items():
        for language in framework.languages:
            assert know.parse(know.label(language, key)) == (language, key)
    assert know.parse("Keycloak on EKS (OpenID Connect)") == (None, None)


def test_skills_name_languages_through_their_frameworks() -> None:
    know = runtimes()
    assert know.known_languages(["postgresql", "django"]) == ["python"]
    assert know.team_frameworks(["kotlin", "spring"], "kotlin") == [("spring-boot", "spring")]
    assert know.team_frameworks(["python", "express"], "python") == []
