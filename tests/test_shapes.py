"""Shapes of page furniture that need no words, in several languages and scripts."""

import doctest

import pytest

from cleaner.text import shapes


def test_the_module_examples():
    assert doctest.testmod(shapes).failed == 0


@pytest.mark.parametrize(
    "line",
    [
        "Le président lors de sa visite à Kyiv. Photo : AFP/Sergei Supinsky",
        "Manifestantes en la Puerta del Sol | EFE/Fernando Villar",
        "Lula discursa em Brasília (Foto: Ricardo Stuckert/PR)",
        "Il premier durante la conferenza stampa — ANSA/Giuseppe Lami",
        "Betogers op het Malieveld. ANP/Remko de Waal",
        "Protest przed Sejmem. Fot. PAP/Leszek Szymański",
    ],
)
def test_captions_that_end_in_a_credit(line):
    assert shapes.credit_tail(line) == 1


@pytest.mark.parametrize(
    "line",
    [
        "Der Kanzler sagte: Wir werden das schaffen.",
        "The company reported a loss of $3 billion / quarter, analysts said.",
        "Ce n'est pas fini (selon le ministre).",
        "Kim Jong Un empfing Putin am Flughafen.",
    ],
)
def test_sentences_are_not_credits(line):
    assert shapes.credit_tail(line) == 0


@pytest.mark.parametrize(
    "line",
    ["Von Anna Müller und Jan Berg", "Par Jean Dupont", "Por María García", "Maria Rossi | Roma"],
)
def test_bylines(line):
    assert shapes.byline_shape(line) == 1


@pytest.mark.parametrize(
    "line",
    ["12.03.2019 às 10h15", "Mis à jour le 3 mars 2024 à 18:30", "2024-06-19 11:47", "19/06/2024"],
)
def test_stamps(line):
    assert shapes.stamp(line) == 1


@pytest.mark.parametrize(
    "line",
    [
        "Am 19.06.2024 unterzeichneten Putin und Kim in Pjöngjang einen Vertrag.",
        "In 2024 the ministry spent more on defence than in any year since the war ended",
    ],
)
def test_sentences_with_dates_are_not_stamps(line):
    assert shapes.stamp(line) == 0


@pytest.mark.parametrize(
    ("line", "items"),
    [
        ("Inicio › Deportes › Fútbol", 3),
        ("Accueil / Politique / International / Économie", 4),
        ("#Politik #Ukraine #Russland", 0),
        ("Die Partei setzt auf Bildung, Gesundheit, Wohnen und Klima, sagte sie.", 0),
    ],
)
def test_item_lists(line, items):
    assert shapes.item_list(line) == items


def test_counters():
    assert shapes.counter("347 Kommentare") == 1
    assert shapes.counter("2 min de lecture") == 0  # three words after the count
    assert shapes.counter("1,5 Millionen Menschen demonstrierten") == 0
