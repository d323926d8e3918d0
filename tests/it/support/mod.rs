pub mod bot;
pub mod db;
pub mod promos;
pub mod stories;
pub mod webdriver;
