"""smallgan.report"""
