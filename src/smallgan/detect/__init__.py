"""smallgan.detect"""
