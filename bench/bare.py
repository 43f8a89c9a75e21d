"""The yardstick: the smallest Flask app, served exactly like Vangnet in bench/finder."""

from flask import Flask

app = Flask(__name__)


@app.get("/")
def hello():
    return "ok"
