"""Exchange formats: the dataset's articles in the formats of annotation tools and NLP
libraries, and back.

- ``webanno``: W3C Web Annotation (JSON-LD), export and import;
- ``brat``: brat standoff (``.txt`` + ``.ann``), export and import;
- ``spacy_docbin``: a spaCy ``DocBin`` with span groups (optional extra ``spacy``), export;
- ``tokens``: tokens with BIO tags for entity mentions (the ``ner_tokens`` view).

Export and import are lossless: an exported article imports back to the same canonical
JSON (tested). Import maps only what the format says and refuses anything else with an
:class:`ImportRefused` naming the place; the result is then validated like any article.
"""
