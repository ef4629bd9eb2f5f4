"""Likelihood terms, their combinations for the analyses, and profile likelihoods from stored samples."""
