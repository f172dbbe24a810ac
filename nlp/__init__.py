"""Chinese language processing: segmentation, lexicons, keywords, classifiers,
spaCy annotation and similarity features."""
