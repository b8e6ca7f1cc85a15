"""What a person reads about their programme: decisions in words, the chart, the PDF report."""
