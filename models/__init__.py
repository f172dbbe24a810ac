"""The data the product reads: taxonomy, dictionaries, stopwords, rubric, layout
word lists and the trained model. Shipped as package data; a folder named by
``HUIBIAN_MODELS`` can replace any file."""
